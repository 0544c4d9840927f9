using Meiju.Model;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>
/// One batch: the model's input (per stream a zero-padded [B, T, D] tensor, the baseline's input, with the true
/// lengths for models that mask) and the labels, -1 for unlabelled (test) utterances.
/// </summary>
public sealed class FeatureBatch : IDisposable
{
    /// <summary>Creates a batch; the batch owns (and disposes) the tensors.</summary>
    public FeatureBatch(IReadOnlyList<string> names, ModelBatch input, Tensor emotion, Tensor intent)
    {
        Names = names;
        Input = input;
        Emotion = emotion;
        Intent = intent;
    }

    /// <summary>Utterance names in batch order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The model's input.</summary>
    public ModelBatch Input { get; }

    /// <summary>[B] int64 emotion class indices (-1 when unlabelled).</summary>
    public Tensor Emotion { get; }

    /// <summary>[B] int64 intent class indices (-1 when unlabelled).</summary>
    public Tensor Intent { get; }

    /// <summary>Number of utterances.</summary>
    public int Size => Names.Count;

    /// <summary>[B, T] boolean mask of real (non-padding) frames of stream <paramref name="stream"/>.</summary>
    public Tensor Mask(string stream)
    {
        var x = Input.Features[stream];
        return TorchScalars.Range(x.shape[1], x.device).unsqueeze(0).lt(Input.Lengths![stream].unsqueeze(1));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in Input.Features.Values)
        {
            t.Dispose();
        }

        foreach (var t in Input.Lengths?.Values ?? [])
        {
            t.Dispose();
        }

        Emotion.Dispose();
        Intent.Dispose();
    }
}
