using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// One batch of inputs: per stream name (e.g. "A", "V", "L"), zero-padded features [B, T, D] (batch-first), and
/// optionally the true lengths [B] (used only when the configuration turns padding masks on).
/// </summary>
public sealed class ModelBatch
{
    /// <summary>Creates a batch.</summary>
    public ModelBatch(IReadOnlyDictionary<string, Tensor> features, IReadOnlyDictionary<string, Tensor>? lengths = null)
    {
        Features = features;
        Lengths = lengths;
    }

    /// <summary>Features per stream name, [B, T, D] float32.</summary>
    public IReadOnlyDictionary<string, Tensor> Features { get; }

    /// <summary>Valid lengths per stream name, [B] integers; null when all steps count.</summary>
    public IReadOnlyDictionary<string, Tensor>? Lengths { get; }

    /// <summary>
    /// Modality presence per stream name, [B] booleans (false = the item has no such input: no face, no audio, no
    /// text). A missing stream's token is masked out of the fusion encoder's attention (and the joint module's)
    /// and its fused token is zeroed before the heads, so whatever placeholder features it carries never reach a
    /// prediction. Null (the default) or an absent stream name: every item has the stream.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor>? Presence { get; init; }
}
