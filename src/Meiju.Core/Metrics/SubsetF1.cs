using Meiju.Labels;

namespace Meiju.Metrics;

/// <summary>
/// F1 over a chosen subset of classes, as scikit-learn's <c>f1_score(y_true, y_pred, labels=..., average=...)</c>:
/// the emotion-recognition convention of scoring micro-F1 without the majority "no emotion"/"neutral" class
/// (DailyDialog: <c>labels=[1..6]</c>, <c>average='micro'</c>).
/// </summary>
/// <remarks>
/// Every sample still counts: predicting the excluded class for a listed true class is a false negative, and
/// predicting a listed class for an excluded true class a false positive. So this is not accuracy on the
/// non-neutral samples, and a model that always predicts the excluded class scores 0.
/// </remarks>
public static class SubsetF1
{
    /// <summary>F1 over <paramref name="labels"/> with <paramref name="average"/> (micro by default).</summary>
    /// <exception cref="ArgumentException">Empty input, different lengths, or an empty or repeating label list.</exception>
    public static double Compute(IReadOnlyList<int> yTrue, IReadOnlyList<int> yPred, IReadOnlyList<int> labels, F1Average average = F1Average.Micro) =>
        ClassificationReport.Compute(yTrue, yPred, labels).F1(average);

    /// <summary>
    /// Micro F1 over the classes 0..<paramref name="classCount"/>−1 except <paramref name="excluded"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No class would be left.</exception>
    public static double MicroExcluding(IReadOnlyList<int> yTrue, IReadOnlyList<int> yPred, int classCount, params int[] excluded)
    {
        var labels = Enumerable.Range(0, classCount).Except(excluded).ToArray();
        return labels.Length == 0
            ? throw new ArgumentException("every class is excluded", nameof(excluded))
            : Compute(yTrue, yPred, labels);
    }

    /// <summary>Micro F1 over every class of <paramref name="set"/> except the one named <paramref name="excludedClass"/>.</summary>
    /// <exception cref="ArgumentException">The set has no such class.</exception>
    public static double MicroExcluding(IReadOnlyList<int> yTrue, IReadOnlyList<int> yPred, LabelSet set, string excludedClass)
    {
        var index = set.IndexOf(excludedClass);
        return index < 0
            ? throw new ArgumentException($"label set '{set.Name}' has no class '{excludedClass}'", nameof(excludedClass))
            : MicroExcluding(yTrue, yPred, set.Count, index);
    }
}
