using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>
/// One batch: per stream a zero-padded [B, T, D] tensor (the baseline's input) with the true lengths and a
/// [B, T] validity mask for models that mask; labels are -1 for unlabelled (test) utterances.
/// </summary>
public sealed class FeatureBatch : IDisposable
{
    /// <summary>Creates a batch; the batch owns (and disposes) the tensors.</summary>
    public FeatureBatch(IReadOnlyList<string> names, Tensor[] inputs, Tensor[] lengths, Tensor emotion, Tensor intent)
    {
        Names = names;
        Inputs = inputs;
        Lengths = lengths;
        Emotion = emotion;
        Intent = intent;
    }

    /// <summary>Utterance names in batch order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Per stream, [B, T, D] float32, zero beyond each utterance's length.</summary>
    public Tensor[] Inputs { get; }

    /// <summary>Per stream, [B] int64 frame counts.</summary>
    public Tensor[] Lengths { get; }

    /// <summary>[B] int64 emotion class indices (-1 when unlabelled).</summary>
    public Tensor Emotion { get; }

    /// <summary>[B] int64 intent class indices (-1 when unlabelled).</summary>
    public Tensor Intent { get; }

    /// <summary>Number of utterances.</summary>
    public int Size => Names.Count;

    /// <summary>[B, T] boolean mask of real (non-padding) frames of stream <paramref name="stream"/>.</summary>
    public Tensor Mask(int stream)
    {
        var t = Inputs[stream].shape[1];
        return arange(t, device: Inputs[stream].device).unsqueeze(0).lt(Lengths[stream].unsqueeze(1));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in Inputs)
        {
            t.Dispose();
        }

        foreach (var t in Lengths)
        {
            t.Dispose();
        }

        Emotion.Dispose();
        Intent.Dispose();
    }
}
