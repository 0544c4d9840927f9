namespace Meiju.Training;

/// <summary>The main classification loss of both heads.</summary>
public enum MainLoss
{
    /// <summary>Cross-entropy (class-weighted when <see cref="TrainingOptions.ClassWeights"/> is set).</summary>
    CrossEntropy,

    /// <summary>
    /// Per-sample focal loss α(1 − p_t)^γ·CE with <see cref="TrainingOptions.FocalAlpha"/> and
    /// <see cref="TrainingOptions.FocalGamma"/> (Lin et al. 2017), averaged over the batch.
    /// </summary>
    Focal,
}
