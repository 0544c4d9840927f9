namespace Meiju.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs: row = true label, column = predicted label, both in
/// <see cref="Labels"/> order (scikit-learn's <c>confusion_matrix</c>).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[][] _counts;

    private ConfusionMatrix(int[] labels, int[][] counts, IReadOnlyList<string> names)
    {
        Labels = labels;
        _counts = counts;
        Names = names;
    }

    /// <summary>The class index of each row and column.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Display name of each row and column.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of classes (rows = columns).</summary>
    public int Size => Labels.Count;

    /// <summary>The counts as rows (true) of columns (predicted); a copy.</summary>
    public int[][] Counts => _counts.Select(r => r.ToArray()).ToArray();

    /// <summary>Samples counted (those whose true and predicted labels are both in <see cref="Labels"/>).</summary>
    public int Total => _counts.Sum(r => r.Sum());

    /// <summary>Count of samples of true class at row <paramref name="row"/> predicted as column <paramref name="column"/>.</summary>
    public int this[int row, int column] => _counts[row][column];

    /// <summary>
    /// Builds the matrix over <see cref="MetricLabels.Resolve"/>'s labels. As in scikit-learn, a sample whose true or
    /// predicted label is not in <paramref name="labels"/> is left out.
    /// </summary>
    /// <remarks>
    /// One deliberate difference: scikit-learn raises when no given label occurs in y_true; this returns the (all-zero
    /// rows) matrix instead, so a report on a degenerate subset still renders.
    /// </remarks>
    /// <param name="yTrue">True class indices.</param>
    /// <param name="yPred">Predicted class indices.</param>
    /// <param name="labels">Classes to count, in row order; null for the sorted union of both lists.</param>
    /// <param name="names">Optional display name of each class index; null for the index as text.</param>
    public static ConfusionMatrix Compute(
        IReadOnlyList<int> yTrue, IReadOnlyList<int> yPred, IReadOnlyList<int>? labels = null, Func<int, string>? names = null)
    {
        var order = MetricLabels.Resolve(yTrue, yPred, labels);
        var position = new Dictionary<int, int>(order.Length);
        for (var i = 0; i < order.Length; i++)
        {
            position[order[i]] = i;
        }

        var counts = new int[order.Length][];
        for (var i = 0; i < order.Length; i++)
        {
            counts[i] = new int[order.Length];
        }

        for (var s = 0; s < yTrue.Count; s++)
        {
            if (position.TryGetValue(yTrue[s], out var r) && position.TryGetValue(yPred[s], out var c))
            {
                counts[r][c]++;
            }
        }

        return new ConfusionMatrix(order, counts, order.Select(l => names?.Invoke(l) ?? l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>
    /// Each row divided by its sum (scikit-learn's <c>normalize="true"</c>): the share of each true class predicted
    /// as each class; a row with no samples stays 0.
    /// </summary>
    public double[][] RowNormalized() => _counts
        .Select(row =>
        {
            var sum = row.Sum();
            return row.Select(v => sum == 0 ? 0.0 : (double)v / sum).ToArray();
        })
        .ToArray();
}
