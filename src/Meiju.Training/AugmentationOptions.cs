namespace Meiju.Training;

/// <summary>Feature-level augmentation of training batches, seeded by the run's seed (see <see cref="FeatureAugmentation"/>).</summary>
public sealed record AugmentationOptions
{
    /// <summary>
    /// Time masking: each utterance gets one span of up to this fraction of its frames zeroed (0 turns it off).
    /// Useless on one-frame (pre-pooled) features.
    /// </summary>
    public double TimeMask { get; init; }

    /// <summary>Mixup's Beta(α, α) parameter: inputs and losses are mixed within the batch (0 turns it off).</summary>
    public double Mixup { get; init; }
}
