using Meiju.Metrics;

namespace Meiju.Training;

/// <summary>
/// Decision-threshold tuning for one task: per-class additive logit biases found by coordinate ascent on a
/// labelled split for an F1 average (the track metric), then added to the logits before the argmax.
/// </summary>
/// <remarks>
/// Scores on the split the biases were tuned on are optimistic; <see cref="ScoreCalibration.CrossFit"/> tunes on
/// one half of validation and scores the other.
/// </remarks>
public static class DecisionBiases
{
    /// <summary>The candidate biases of each coordinate step: −3 to 3 in steps of 0.25.</summary>
    public static IReadOnlyList<float> Grid { get; } = Enumerable.Range(-12, 25).Select(k => k * 0.25f).ToArray();

    /// <summary>Index of the largest <c>row[c] + bias[c]</c> (bias null: none); ties go to the lower index.</summary>
    public static int Argmax(float[] row, float[]? bias) => Argmax(row, bias, row.Length);

    /// <summary>
    /// The argmax over the first <paramref name="classes"/> logits only: a model may have more outputs than its
    /// label set has classes (a one-class placeholder set still needs two outputs), and a class with no name
    /// must never be predicted.
    /// </summary>
    public static int Argmax(float[] row, float[]? bias, int classes)
    {
        var best = 0;
        var bestValue = float.NegativeInfinity;
        for (var c = 0; c < Math.Min(classes, row.Length); c++)
        {
            var v = row[c] + (bias is null ? 0 : bias[c]);
            if (v > bestValue)
            {
                bestValue = v;
                best = c;
            }
        }

        return best;
    }

    /// <summary>
    /// Biases maximising <paramref name="average"/> F1 of argmax(logits + b) against <paramref name="gold"/>:
    /// starting from zeros, each class's bias in turn takes the grid value that scores best (a change must beat
    /// the current score strictly), for <paramref name="sweeps"/> sweeps or until nothing changes.
    /// </summary>
    /// <exception cref="ArgumentException">Empty input or different lengths.</exception>
    public static float[] Tune(IReadOnlyList<float[]> logits, IReadOnlyList<int> gold, F1Average average, int sweeps = 3)
    {
        if (logits.Count == 0 || logits.Count != gold.Count)
        {
            throw new ArgumentException("need one gold label per logit row, at least one");
        }

        var classes = logits[0].Length;
        var bias = new float[classes];
        var pred = new int[logits.Count];
        double Score()
        {
            for (var i = 0; i < pred.Length; i++)
            {
                pred[i] = Argmax(logits[i], bias);
            }

            return ClassificationReport.Compute(gold, pred).F1(average);
        }

        var best = Score();
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            var changed = false;
            for (var c = 0; c < classes; c++)
            {
                var keep = bias[c];
                var bestValue = keep;
                foreach (var v in Grid)
                {
                    if (v == keep)
                    {
                        continue;
                    }

                    bias[c] = v;
                    var s = Score();
                    if (s > best + 1e-12)
                    {
                        best = s;
                        bestValue = v;
                    }
                }

                bias[c] = bestValue;
                changed |= bestValue != keep;
            }

            if (!changed)
            {
                break;
            }
        }

        return bias;
    }
}
