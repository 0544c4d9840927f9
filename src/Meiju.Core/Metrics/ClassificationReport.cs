using System.Globalization;
using Meiju.Labels;

namespace Meiju.Metrics;

/// <summary>
/// Single-label classification scores computed exactly as scikit-learn does with its defaults
/// (<c>precision_recall_fscore_support</c>, <c>f1_score</c>, <c>accuracy_score</c>, <c>confusion_matrix</c>;
/// <c>zero_division="warn"</c>, which scores 0): per-class precision/recall/F1/support, micro/macro/weighted
/// averages, accuracy and the confusion matrix.
/// </summary>
/// <remarks>
/// <para>Labels: those given, in the given order, else the sorted union of y_true and y_pred
/// (<see cref="MetricLabels"/>). The MEIJU challenge passes none, so it scores the classes that occur.</para>
/// <para>Zero division: a class never predicted has precision 0; a class absent from y_true has recall 0, F1 0 and
/// support 0 — it lowers macro F1 but not weighted F1 (weight 0). A listed class absent from both lists scores 0 and
/// lowers macro F1. When no listed class occurs in y_true, weighted scores are all 0.</para>
/// <para>A class in the data but not in a given label list is left out of every average (micro included: then
/// micro F1 differs from accuracy) and out of the confusion matrix; <see cref="Accuracy"/> always counts every sample.</para>
/// </remarks>
public sealed class ClassificationReport
{
    private ClassificationReport(
        IReadOnlyList<ClassScores> classes, double accuracy, int samples, AveragedScores micro, AveragedScores macro,
        AveragedScores weighted, ConfusionMatrix confusion, string? labelSetName)
    {
        Classes = classes;
        Accuracy = accuracy;
        Samples = samples;
        Micro = micro;
        Macro = macro;
        Weighted = weighted;
        Confusion = confusion;
        LabelSetName = labelSetName;
    }

    /// <summary>Per-class scores, in label order.</summary>
    public IReadOnlyList<ClassScores> Classes { get; }

    /// <summary>The class indices scored, in order.</summary>
    public IReadOnlyList<int> Labels => Classes.Select(c => c.Label).ToArray();

    /// <summary>Fraction of all samples predicted right (ignores any label list).</summary>
    public double Accuracy { get; }

    /// <summary>Number of samples.</summary>
    public int Samples { get; }

    /// <summary>Micro-averaged scores (pooled counts).</summary>
    public AveragedScores Micro { get; }

    /// <summary>Macro-averaged scores (unweighted mean over classes).</summary>
    public AveragedScores Macro { get; }

    /// <summary>Support-weighted mean over classes.</summary>
    public AveragedScores Weighted { get; }

    /// <summary>The confusion matrix over <see cref="Labels"/>.</summary>
    public ConfusionMatrix Confusion { get; }

    /// <summary>Name of the label set that named the classes, when one was given.</summary>
    public string? LabelSetName { get; }

    /// <summary>The averaged scores for <paramref name="average"/>.</summary>
    public AveragedScores Average(F1Average average) => average switch
    {
        F1Average.Micro => Micro,
        F1Average.Macro => Macro,
        F1Average.Weighted => Weighted,
        _ => throw new ArgumentOutOfRangeException(nameof(average), average, "unknown average"),
    };

    /// <summary>F1 averaged by <paramref name="average"/>.</summary>
    public double F1(F1Average average) => Average(average).F1;

    /// <summary>Scores predictions <paramref name="yPred"/> against <paramref name="yTrue"/> (class indices).</summary>
    /// <param name="yTrue">True class indices.</param>
    /// <param name="yPred">Predicted class indices, same length.</param>
    /// <param name="labels">Classes to score, in order; null for scikit-learn's default (sorted union of both lists).</param>
    /// <param name="labelSet">Names classes in the report; indices outside it are shown as numbers.</param>
    /// <exception cref="ArgumentException">Empty input, different lengths, or a bad label list.</exception>
    public static ClassificationReport Compute(
        IReadOnlyList<int> yTrue, IReadOnlyList<int> yPred, IReadOnlyList<int>? labels = null, LabelSet? labelSet = null)
    {
        var order = MetricLabels.Resolve(yTrue, yPred, labels);
        string Name(int label) => labelSet is not null && label >= 0 && label < labelSet.Count
            ? labelSet[label]
            : label.ToString(CultureInfo.InvariantCulture);

        // Counted over every sample, as scikit-learn's multilabel_confusion_matrix does: a false positive for a
        // listed class counts even when the true class is not listed.
        var tp = new Dictionary<int, int>();
        var truth = new Dictionary<int, int>();
        var predicted = new Dictionary<int, int>();
        var correct = 0;
        for (var s = 0; s < yTrue.Count; s++)
        {
            truth[yTrue[s]] = truth.GetValueOrDefault(yTrue[s]) + 1;
            predicted[yPred[s]] = predicted.GetValueOrDefault(yPred[s]) + 1;
            if (yTrue[s] == yPred[s])
            {
                tp[yTrue[s]] = tp.GetValueOrDefault(yTrue[s]) + 1;
                correct++;
            }
        }

        var classes = new ClassScores[order.Length];
        long tpSum = 0, predSum = 0, trueSum = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var label = order[i];
            var t = tp.GetValueOrDefault(label);
            var p = predicted.GetValueOrDefault(label);
            var n = truth.GetValueOrDefault(label);
            var precision = Divide(t, p);
            var recall = Divide(t, n);
            classes[i] = new ClassScores(label, Name(label), precision, recall, FScore(precision, recall), n, p, t);
            tpSum += t;
            predSum += p;
            trueSum += n;
        }

        var microP = Divide(tpSum, predSum);
        var microR = Divide(tpSum, trueSum);
        var micro = new AveragedScores(microP, microR, FScore(microP, microR));
        var macro = new AveragedScores(
            classes.Average(c => c.Precision), classes.Average(c => c.Recall), classes.Average(c => c.F1));
        var weighted = trueSum == 0
            ? new AveragedScores(0, 0, 0)
            : new AveragedScores(
                WeightedMean(classes, c => c.Precision, trueSum),
                WeightedMean(classes, c => c.Recall, trueSum),
                WeightedMean(classes, c => c.F1, trueSum));

        var confusion = ConfusionMatrix.Compute(yTrue, yPred, order, Name);
        return new ClassificationReport(
            classes, (double)correct / yTrue.Count, yTrue.Count, micro, macro, weighted, confusion, labelSet?.Name);
    }

    // zero_division = 0: an undefined ratio scores 0.
    private static double Divide(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

    // scikit-learn's form 2PR/(P+R) with 0 for P+R = 0; 2TP/(2TP+FP+FN) is equal but rounds differently.
    private static double FScore(double precision, double recall)
    {
        var denominator = precision + recall;
        return denominator == 0.0 ? 0.0 : 2 * precision * recall / denominator;
    }

    private static double WeightedMean(ClassScores[] classes, Func<ClassScores, double> value, long totalWeight)
    {
        var sum = 0.0;
        foreach (var c in classes)
        {
            sum += value(c) * c.Support;
        }

        return sum / totalWeight;
    }
}
