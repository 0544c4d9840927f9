using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// One post-norm Transformer encoder layer (ReLU feed-forward), sequence-first, with PyTorch's parameter names
/// (<c>self_attn</c>, <c>linear1</c>, <c>linear2</c>, <c>norm1</c>, <c>norm2</c>).
/// </summary>
public sealed class TransformerEncoderLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>Self-attention.</summary>
    public readonly MultiheadAttention self_attn;

    /// <summary>First feed-forward layer.</summary>
    public readonly Linear linear1;

    /// <summary>Dropout inside the feed-forward block.</summary>
    public readonly Dropout dropout;

    /// <summary>Second feed-forward layer.</summary>
    public readonly Linear linear2;

    /// <summary>Norm after the attention block.</summary>
    public readonly LayerNorm norm1;

    /// <summary>Norm after the feed-forward block.</summary>
    public readonly LayerNorm norm2;

    /// <summary>Dropout on the attention output.</summary>
    public readonly Dropout dropout1;

    /// <summary>Dropout on the feed-forward output.</summary>
    public readonly Dropout dropout2;

    /// <summary>Creates a layer of width <paramref name="dModel"/>.</summary>
    public TransformerEncoderLayer(long dModel, long heads, long ffn, double dropoutRate) : base(nameof(TransformerEncoderLayer))
    {
        self_attn = new MultiheadAttention(dModel, heads, dropoutRate);
        linear1 = nn.Linear(dModel, ffn);
        dropout = nn.Dropout(dropoutRate);
        linear2 = nn.Linear(ffn, dModel);
        norm1 = nn.LayerNorm(dModel, 1e-5);
        norm2 = nn.LayerNorm(dModel, 1e-5);
        dropout1 = nn.Dropout(dropoutRate);
        dropout2 = nn.Dropout(dropoutRate);
        RegisterComponents();
    }

    /// <summary>Encodes <paramref name="src"/> [S, B, E].</summary>
    public override Tensor forward(Tensor src) => Forward(src, null);

    /// <summary>Encodes <paramref name="src"/> [S, B, E]; <paramref name="keyPaddingMask"/> [B, S] marks tokens to ignore.</summary>
    public Tensor Forward(Tensor src, Tensor? keyPaddingMask)
    {
        var x = norm1.forward(src.Plus(dropout1.forward(self_attn.Forward(src, src, src, keyPaddingMask))));
        var ff = linear2.forward(dropout.forward(nn.functional.relu(linear1.forward(x))));
        return norm2.forward(x.Plus(dropout2.forward(ff)));
    }
}
