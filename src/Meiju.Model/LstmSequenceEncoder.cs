using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// A one-layer unidirectional LSTM over [B, T, D] frames, pooled over time to [B, H]. With max pooling and no
/// lengths it is the baseline's LSTMEncoder (the pool includes zero-padded steps, as the baseline's does).
/// </summary>
public sealed class LstmSequenceEncoder : nn.Module<Tensor, Tensor>
{
    private readonly SequencePooling _pooling;
    private readonly long _hidden;

    /// <summary>The recurrent layer (keys <c>rnn.weight_ih_l0</c>, ... with gate blocks i, f, g, o).</summary>
    public readonly LstmLayer rnn;

    /// <summary>Creates the encoder.</summary>
    public LstmSequenceEncoder(long inputDim, long hidden, SequencePooling pooling = SequencePooling.Max) : base(nameof(LstmSequenceEncoder))
    {
        _pooling = pooling;
        _hidden = hidden;
        rnn = new LstmLayer(inputDim, hidden);
        RegisterComponents();
    }

    /// <summary>Output width.</summary>
    public long OutputDim => _hidden;

    /// <summary>Encodes [B, T, D] without lengths (every step counts).</summary>
    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <summary>Encodes [B, T, D]; with <paramref name="lengths"/> [B] the pooling ignores padded steps.</summary>
    public Tensor Forward(Tensor x, Tensor? lengths)
    {
        var (output, hN, _) = rnn.forward(x);
        if (lengths is null)
        {
            return _pooling switch
            {
                SequencePooling.Max => output.amax([1]),
                SequencePooling.Last => hN.squeeze(0),
                _ => output.mean([1]),
            };
        }

        // A unidirectional LSTM's outputs at valid steps do not depend on the padding after them, so masking the
        // pooling is exact without packing.
        var steps = output.shape[1];
        var valid = PaddingMask.Valid(lengths, steps).unsqueeze(-1);
        switch (_pooling)
        {
            case SequencePooling.Max:
                return output.masked_fill(valid.logical_not(), TorchScalars.NegativeInfinity).amax([1]);
            case SequencePooling.Last:
                var index = lengths.to(ScalarType.Int64).clamp_min(TorchScalars.One).sub(TorchScalars.One).view(-1, 1, 1).expand(-1, 1, output.shape[2]);
                return output.gather(1, index).squeeze(1);
            default:
                var count = lengths.to(output.dtype).clamp_min(TorchScalars.One).unsqueeze(1);
                return (output * valid.to(output.dtype)).sum(1) / count;
        }
    }
}
