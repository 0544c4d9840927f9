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

/// <summary>Where a run is, for progress bars.</summary>
/// <param name="Stage">Current stage.</param>
/// <param name="Stages">Number of stages.</param>
/// <param name="Epoch">0-based epoch within the stage.</param>
/// <param name="Epochs">Epochs in the stage.</param>
/// <param name="Batch">Batches done in the epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Running mean training loss of the epoch.</param>
/// <param name="Valid">Latest validation scores, if any.</param>
/// <param name="BestJrbm">Best validation JRBM of the stage so far (-1 before any).</param>
public sealed record TrainingProgress(int Stage, int Stages, int Epoch, int Epochs, int Batch, int Batches, double Loss, SplitScores? Valid, double BestJrbm);

/// <summary>The outcome of <see cref="Trainer.Run"/>.</summary>
/// <param name="Completed">False when stopped early (cancellation or <see cref="TrainingRunOptions.MaxBatches"/>); the last checkpoint is kept.</param>
/// <param name="History">Every completed epoch.</param>
/// <param name="Best">Validation scores of the selected model (best epoch of the final stage), when completed.</param>
/// <param name="BestEpoch">That epoch.</param>
/// <param name="Parameters">Parameter count of the model as used at inference.</param>
public sealed record TrainingResult(bool Completed, IReadOnlyList<EpochRecord> History, SplitScores? Best, int BestEpoch, long Parameters);
