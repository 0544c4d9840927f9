namespace Meiju.Metrics;

/// <summary>Precision, recall and F1 combined over classes by one <see cref="F1Average"/>.</summary>
/// <param name="Precision">Averaged precision.</param>
/// <param name="Recall">Averaged recall.</param>
/// <param name="F1">Averaged F1 (for macro and weighted: the mean of per-class F1, not the F1 of the means).</param>
public sealed record AveragedScores(double Precision, double Recall, double F1);
