namespace Meiju.Training.StandIns;

/// <summary>Stand-in for the metrics branch: the challenge's F1 variants and JRBM over class indices.</summary>
public static class Scores
{
    /// <summary>Micro F1; for single-label classification it equals accuracy.</summary>
    public static double MicroF1(IReadOnlyList<int> gold, IReadOnlyList<int> pred)
    {
        if (gold.Count == 0)
        {
            return 0;
        }

        var hit = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            hit += gold[i] == pred[i] ? 1 : 0;
        }

        return hit / (double)gold.Count;
    }

    /// <summary>Per-class F1 averaged with weights equal to each class's support in <paramref name="gold"/>.</summary>
    public static double WeightedF1(IReadOnlyList<int> gold, IReadOnlyList<int> pred, int classes)
    {
        var tp = new int[classes];
        var fp = new int[classes];
        var fn = new int[classes];
        for (var i = 0; i < gold.Count; i++)
        {
            if (gold[i] == pred[i])
            {
                tp[gold[i]]++;
            }
            else
            {
                fn[gold[i]]++;
                fp[pred[i]]++;
            }
        }

        double sum = 0;
        for (var c = 0; c < classes; c++)
        {
            var support = tp[c] + fn[c];
            var denom = 2 * tp[c] + fp[c] + fn[c];
            sum += denom == 0 ? 0 : support * (2.0 * tp[c] / denom);
        }

        return gold.Count == 0 ? 0 : sum / gold.Count;
    }

    /// <summary>JRBM = 2·E·I / (E + I + 1e-6), as the challenge's scorer computes it.</summary>
    public static double Jrbm(double emotion, double intent) => 2 * emotion * intent / (emotion + intent + 1e-6);

    /// <summary>A [classes, classes] confusion matrix, rows gold and columns predicted.</summary>
    public static int[,] Confusion(IReadOnlyList<int> gold, IReadOnlyList<int> pred, int classes)
    {
        var m = new int[classes, classes];
        for (var i = 0; i < gold.Count; i++)
        {
            m[gold[i], pred[i]]++;
        }

        return m;
    }
}
