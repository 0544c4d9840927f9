using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// The cheap text encoder (<c>"type": "pool"</c>): masked mean over time of [B, T, D] token states, dropout, then
/// <c>embd</c> = Sequential(Linear(D, H), ReLU). It costs one matrix product per utterance instead of TextCNN's
/// convolutions, which is what makes multi-seed experiments on 87k DailyDialog utterances affordable on a CPU.
/// </summary>
/// <remarks>
/// Because the mean comes first and has no parameters, the encoder gives the same output on a [1, D] file holding
/// the precomputed mean of an utterance's tokens as on the tokens themselves.
/// </remarks>
public sealed class PoolEncoder : nn.Module<Tensor, Tensor>
{
    /// <summary>Dropout on the pooled vector.</summary>
    public readonly Dropout dropout;

    /// <summary>Projection to the output width (keys <c>embd.0.*</c>).</summary>
    public readonly Sequential embd;

    /// <summary>Creates the encoder.</summary>
    public PoolEncoder(long inputDim, long embdSize, double dropoutRate = 0.0)
        : base(nameof(PoolEncoder))
    {
        dropout = nn.Dropout(dropoutRate);
        embd = nn.Sequential(("0", nn.Linear(inputDim, embdSize)), ("1", nn.ReLU()));
        register_module(nameof(dropout), dropout);
        register_module(nameof(embd), embd);
    }

    /// <summary>Encodes [B, T, D], every step counting.</summary>
    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <summary>Encodes [B, T, D]; with <paramref name="lengths"/>, padding steps leave the mean.</summary>
    public Tensor Forward(Tensor x, Tensor? lengths)
    {
        using var scope = NewDisposeScope();
        Tensor pooled;
        if (lengths is null)
        {
            pooled = x.mean([1]);
        }
        else
        {
            var valid = PaddingMask.Valid(lengths, x.shape[1]).unsqueeze(2).to(x.dtype);
            pooled = (x * valid).sum(1) / valid.sum(1).clamp_min(TorchScalars.One);
        }

        return embd.forward(dropout.forward(pooled)).MoveToOuterDisposeScope();
    }
}
