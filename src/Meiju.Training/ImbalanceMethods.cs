namespace Meiju.Training;

/// <summary>
/// The named methods of <c>meiju bench imbalance</c>, each a change to a training config (or, for
/// <c>thresholds</c>, a post-hoc step on the <c>ce</c> runs).
/// </summary>
public static class ImbalanceMethods
{
    /// <summary>Plain cross-entropy: the reference row.</summary>
    public const string CrossEntropy = "ce";

    /// <summary>Decision biases tuned on one half of validation, scored on the other (from the ce runs).</summary>
    public const string Thresholds = "thresholds";

    /// <summary>Every method name, in table order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [CrossEntropy, "weighted", "focal", "logit-adjust", "balanced", Thresholds, "mixup", "timemask", "pseudo", "pseudo+mixup"];

    /// <summary>The imbalance methods (the default of the benchmark).</summary>
    public static IReadOnlyList<string> Imbalance { get; } = [CrossEntropy, "weighted", "focal", "logit-adjust", "balanced", Thresholds];

    /// <summary>One line per method for help texts and docs.</summary>
    public static string Describe(string method) => method switch
    {
        CrossEntropy => "cross-entropy",
        "weighted" => "class-weighted cross-entropy (inverse frequency)",
        "focal" => "per-sample focal loss, alpha 1, gamma 2",
        "logit-adjust" => "logit adjustment, tau 1",
        "balanced" => "class-balanced sampling (emotion)",
        Thresholds => "ce + decision biases tuned on the other half of validation",
        "mixup" => "mixup, alpha 0.4",
        "timemask" => "time masking, up to 20% of frames",
        "pseudo" => "pseudo-labelling, 2 rounds (threshold 0.9 unless set)",
        "pseudo+mixup" => "pseudo-labelling + mixup",
        _ => throw new ArgumentException($"unknown method '{method}' (known: {string.Join(", ", All)})"),
    };

    /// <summary>
    /// <paramref name="config"/> changed for <paramref name="method"/> (<c>thresholds</c> trains as <c>ce</c>); the
    /// pseudo methods keep at most <paramref name="maxPerClass"/> per class above <paramref name="pseudoThreshold"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown method.</exception>
    public static TrainingConfig Apply(TrainingConfig config, string method, int maxPerClass = 0, double pseudoThreshold = 0.9)
    {
        var t = config.Training;
        var pseudo = new PseudoLabelOptions { Rounds = 2, Threshold = pseudoThreshold, MaxPerClass = maxPerClass };
        t = method switch
        {
            CrossEntropy or Thresholds => t,
            "weighted" => t with { ClassWeights = true },
            "focal" => t with { Loss = MainLoss.Focal, FocalAlpha = 1, FocalGamma = 2 },
            "logit-adjust" => t with { LogitAdjustment = new LogitAdjustmentOptions() },
            "balanced" => t with { Sampling = BatchSampling.Balanced },
            "mixup" => t with { Augmentation = new AugmentationOptions { Mixup = 0.4 } },
            "timemask" => t with { Augmentation = new AugmentationOptions { TimeMask = 0.2 } },
            "pseudo" => t with { PseudoLabel = pseudo },
            "pseudo+mixup" => t with { PseudoLabel = pseudo, Augmentation = new AugmentationOptions { Mixup = 0.4 } },
            _ => throw new ArgumentException($"unknown method '{method}' (known: {string.Join(", ", All)})"),
        };
        return config with { Name = $"{config.Name}-{method}", Training = t };
    }
}
