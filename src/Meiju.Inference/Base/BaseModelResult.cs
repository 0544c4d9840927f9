using Meiju.Features.Evaluation;

namespace Meiju.Inference.Base;

/// <summary>One held-out score of meiju-base.</summary>
/// <param name="Source">Data set and split (e.g. <c>meld dev</c>).</param>
/// <param name="Modalities">What the model saw (T, A, V, or VAT for class-conditional held-out triples).</param>
/// <param name="Task">emotion or intent.</param>
/// <param name="Scores">Accuracy, weighted and macro F1.</param>
/// <param name="Majority">Accuracy of always predicting the most frequent held-out class (what to beat).</param>
public sealed record BaseHeldOutScore(string Source, string Modalities, string Task, ClassificationScores Scores, double Majority);

/// <summary>What <see cref="BaseModelTrainer.Train"/> did.</summary>
/// <param name="OutDir">The model folder.</param>
/// <param name="TrainCounts">Training items per source.</param>
/// <param name="HeldOutCounts">Held-out items per source.</param>
/// <param name="Scores">Held-out scores.</param>
/// <param name="Parameters">Model parameters.</param>
/// <param name="FeatureSeconds">Extraction (or cache read) time.</param>
/// <param name="TrainSeconds">Training time.</param>
/// <param name="EpochLosses">Mean training loss per epoch.</param>
public sealed record BaseModelResult(
    string OutDir,
    IReadOnlyDictionary<string, int> TrainCounts,
    IReadOnlyDictionary<string, int> HeldOutCounts,
    IReadOnlyList<BaseHeldOutScore> Scores,
    long Parameters,
    double FeatureSeconds,
    double TrainSeconds,
    IReadOnlyList<double> EpochLosses);
