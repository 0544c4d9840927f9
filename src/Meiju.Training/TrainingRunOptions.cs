namespace Meiju.Training;

/// <summary>Where and how to run one training job (the command line's options).</summary>
public sealed record TrainingRunOptions
{
    /// <summary>Data folder holding the label lists.</summary>
    public required string DataRoot { get; init; }

    /// <summary>Feature root (defaults to <c>&lt;data&gt;/features</c> or the data folder).</summary>
    public string? FeatureRoot { get; init; }

    /// <summary>Run folder: checkpoints, best weights, metrics and charts.</summary>
    public required string OutDir { get; init; }

    /// <summary>The one seed every random source derives from.</summary>
    public long Seed { get; init; }

    /// <summary>Continue the run in <see cref="OutDir"/> from its checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>Stop (as if interrupted) after this many training batches in this invocation; for tests and drills.</summary>
    public int? MaxBatches { get; init; }

    /// <summary>Torch intra-op threads; null leaves torch's default.</summary>
    public int? Threads { get; init; }

    /// <summary>Force the CPU even when CUDA is available.</summary>
    public bool Cpu { get; init; }

    /// <summary>Draw the learning curve and confusion heatmaps (PNG) when the run completes.</summary>
    public bool Charts { get; init; } = true;

    /// <summary>Called after every batch and every validation, on the training thread.</summary>
    public Action<TrainingProgress>? Progress { get; init; }
}
