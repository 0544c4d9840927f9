namespace Meiju.Training;

/// <summary>
/// Logit adjustment (Menon et al. 2021, "Long-tail learning via logit adjustment"): the training loss sees
/// logits + τ·log(prior) with the training split's class priors, so the model itself learns rarer classes' margins;
/// predictions use the raw logits.
/// </summary>
public sealed record LogitAdjustmentOptions
{
    /// <summary>Scale τ of the log-priors (1 is the paper's Fisher-consistent choice for balanced error).</summary>
    public double Tau { get; init; } = 1.0;
}
