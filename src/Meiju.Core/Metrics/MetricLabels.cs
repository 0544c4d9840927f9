namespace Meiju.Metrics;

/// <summary>
/// Which classes a metric is computed over, with scikit-learn's rule: the given label list as given, otherwise the
/// sorted union of the classes that occur in y_true or y_pred.
/// </summary>
/// <remarks>
/// The default matters for macro F1 only: a class that occurs in neither list is left out (so it does not pull the
/// mean down), while a class that is predicted but never true is kept with recall 0 and F1 0. Micro and weighted F1
/// do not change when absent classes are added, because such a class has no true positives, no false positives
/// of its own and zero weight.
/// </remarks>
public static class MetricLabels
{
    /// <summary>
    /// The labels to score: <paramref name="labels"/> when given (order kept), else the sorted union of
    /// <paramref name="yTrue"/> and <paramref name="yPred"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, the input is empty, or the label list is empty or repeats a label.</exception>
    public static int[] Resolve(IReadOnlyList<int> yTrue, IReadOnlyList<int> yPred, IReadOnlyList<int>? labels = null)
    {
        Validate(yTrue, yPred);
        if (labels is not null)
        {
            if (labels.Count == 0)
            {
                throw new ArgumentException("the label list is empty", nameof(labels));
            }

            if (labels.Distinct().Count() != labels.Count)
            {
                throw new ArgumentException("the label list repeats a label", nameof(labels));
            }

            return labels.ToArray();
        }

        var set = new SortedSet<int>(yTrue);
        set.UnionWith(yPred);
        return set.ToArray();
    }

    /// <summary>Checks that y_true and y_pred are non-empty and of equal length.</summary>
    /// <exception cref="ArgumentException">They are not.</exception>
    public static void Validate(IReadOnlyList<int> yTrue, IReadOnlyList<int> yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Count != yPred.Count)
        {
            throw new ArgumentException($"y_true has {yTrue.Count} samples but y_pred has {yPred.Count}", nameof(yPred));
        }

        if (yTrue.Count == 0)
        {
            throw new ArgumentException("no samples to score", nameof(yTrue));
        }
    }
}
