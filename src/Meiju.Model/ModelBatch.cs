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
}
