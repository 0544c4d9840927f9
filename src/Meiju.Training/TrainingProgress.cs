namespace Meiju.Training;

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
