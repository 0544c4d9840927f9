namespace Meiju.Training;

/// <summary>The outcome of <see cref="Trainer.Run"/>.</summary>
/// <param name="Completed">False when stopped early (cancellation or <see cref="TrainingRunOptions.MaxBatches"/>); the last checkpoint is kept.</param>
/// <param name="History">Every completed epoch.</param>
/// <param name="Best">Validation scores of the selected model (best epoch of the final stage), when completed.</param>
/// <param name="BestEpoch">That epoch.</param>
/// <param name="Parameters">Parameter count of the model as used at inference.</param>
public sealed record TrainingResult(bool Completed, IReadOnlyList<EpochRecord> History, SplitScores? Best, int BestEpoch, long Parameters);
