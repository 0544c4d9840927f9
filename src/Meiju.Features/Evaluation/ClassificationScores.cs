namespace Meiju.Features.Evaluation;

/// <summary>Accuracy and F1 of predictions against gold labels.</summary>
/// <param name="Count">Number of predictions.</param>
/// <param name="Accuracy">Share correct.</param>
/// <param name="WeightedF1">Per-class F1 averaged with class support as weight (scikit-learn's "weighted").</param>
/// <param name="MacroF1">Unweighted mean of per-class F1 over classes present in gold or predictions.</param>
public sealed record ClassificationScores(int Count, double Accuracy, double WeightedF1, double MacroF1)
{
    /// <summary>Scores <paramref name="predicted"/> against <paramref name="gold"/> over <paramref name="classes"/> classes.</summary>
    public static ClassificationScores Of(IReadOnlyList<int> gold, IReadOnlyList<int> predicted, int classes)
    {
        if (gold.Count != predicted.Count || gold.Count == 0)
        {
            throw new ArgumentException("gold and predicted must be non-empty and of equal length");
        }

        var tp = new int[classes];
        var fp = new int[classes];
        var fn = new int[classes];
        var correct = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            if (gold[i] == predicted[i])
            {
                tp[gold[i]]++;
                correct++;
            }
            else
            {
                fp[predicted[i]]++;
                fn[gold[i]]++;
            }
        }

        double weighted = 0, macro = 0;
        var present = 0;
        for (var c = 0; c < classes; c++)
        {
            var support = tp[c] + fn[c];
            var denominator = (2 * tp[c]) + fp[c] + fn[c];
            var f1 = denominator == 0 ? 0 : 2.0 * tp[c] / denominator;
            weighted += f1 * support;
            if (support + fp[c] > 0)
            {
                macro += f1;
                present++;
            }
        }

        return new ClassificationScores(gold.Count, (double)correct / gold.Count, weighted / gold.Count, present == 0 ? 0 : macro / present);
    }
}
