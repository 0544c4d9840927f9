using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// The fusion encoder: a stack of <see cref="TransformerEncoderLayer"/> over the modality tokens [S, B, E], no
/// positional encoding and no final norm, like PyTorch's <c>nn.TransformerEncoder</c> (keys <c>layers.N.*</c>).
/// </summary>
public sealed class TransformerFusionEncoder : nn.Module<Tensor, Tensor>
{
    /// <summary>The layers, applied in order.</summary>
    public readonly ModuleList<TransformerEncoderLayer> layers;

    /// <summary>Creates <paramref name="layerCount"/> layers.</summary>
    public TransformerFusionEncoder(long dModel, int layerCount, long heads, long ffn, double dropout) : base(nameof(TransformerFusionEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, layerCount).Select(_ => new TransformerEncoderLayer(dModel, heads, ffn, dropout)).ToArray());
        RegisterComponents();
    }

    /// <summary>Encodes the tokens [S, B, E].</summary>
    public override Tensor forward(Tensor src) => Forward(src, null);

    /// <summary>Encodes the tokens [S, B, E]; <paramref name="keyPaddingMask"/> [B, S] marks missing tokens.</summary>
    public Tensor Forward(Tensor src, Tensor? keyPaddingMask)
    {
        var x = src;
        foreach (var layer in layers)
        {
            x = layer.Forward(x, keyPaddingMask);
        }

        return x;
    }
}
