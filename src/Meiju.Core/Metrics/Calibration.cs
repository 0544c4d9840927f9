namespace Meiju.Metrics;

/// <summary>
/// Probability quality of a classifier's scores: softmax with a temperature, negative log-likelihood, expected
/// calibration error, and the single temperature that minimises validation NLL (temperature scaling, Guo et al.
/// 2017). Logits are rows of a [N, C] matrix.
/// </summary>
public static class Calibration
{
    /// <summary>The bin count of the usual ECE (15 equal-width confidence bins).</summary>
    public const int DefaultBins = 15;

    /// <summary>Softmax of one row of logits divided by <paramref name="temperature"/>.</summary>
    public static double[] Softmax(IReadOnlyList<float> logits, double temperature = 1.0)
    {
        var p = new double[logits.Count];
        var max = double.NegativeInfinity;
        for (var c = 0; c < p.Length; c++)
        {
            max = Math.Max(max, logits[c] / temperature);
        }

        double sum = 0;
        for (var c = 0; c < p.Length; c++)
        {
            p[c] = Math.Exp(logits[c] / temperature - max);
            sum += p[c];
        }

        for (var c = 0; c < p.Length; c++)
        {
            p[c] /= sum;
        }

        return p;
    }

    /// <summary>Mean negative log-likelihood of the gold classes under softmax(logits / T).</summary>
    /// <exception cref="ArgumentException">Empty input or different lengths.</exception>
    public static double NegativeLogLikelihood(IReadOnlyList<float[]> logits, IReadOnlyList<int> gold, double temperature = 1.0)
    {
        Check(logits, gold);
        double sum = 0;
        for (var i = 0; i < logits.Count; i++)
        {
            var row = logits[i];
            var max = double.NegativeInfinity;
            foreach (var v in row)
            {
                max = Math.Max(max, v / temperature);
            }

            double z = 0;
            foreach (var v in row)
            {
                z += Math.Exp(v / temperature - max);
            }

            sum += max + Math.Log(z) - row[gold[i]] / temperature;
        }

        return sum / logits.Count;
    }

    /// <summary>
    /// Expected calibration error: samples binned by confidence (top softmax probability) into
    /// <paramref name="bins"/> equal-width bins over (0, 1]; the sample-weighted mean over bins of
    /// |accuracy − mean confidence|.
    /// </summary>
    /// <exception cref="ArgumentException">Empty input, different lengths, or fewer than one bin.</exception>
    public static double ExpectedCalibrationError(IReadOnlyList<float[]> logits, IReadOnlyList<int> gold, double temperature = 1.0, int bins = DefaultBins)
    {
        Check(logits, gold);
        if (bins < 1)
        {
            throw new ArgumentException("need at least one bin", nameof(bins));
        }

        var count = new int[bins];
        var confSum = new double[bins];
        var correct = new int[bins];
        for (var i = 0; i < logits.Count; i++)
        {
            var p = Softmax(logits[i], temperature);
            var top = 0;
            for (var c = 1; c < p.Length; c++)
            {
                if (p[c] > p[top])
                {
                    top = c;
                }
            }

            // Bins are (k/B, (k+1)/B]; confidence is never 0, and 1 falls in the last bin.
            var b = Math.Clamp((int)Math.Ceiling(p[top] * bins) - 1, 0, bins - 1);
            count[b]++;
            confSum[b] += p[top];
            correct[b] += top == gold[i] ? 1 : 0;
        }

        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += Math.Abs((double)correct[b] / count[b] - confSum[b] / count[b]) * count[b] / logits.Count;
            }
        }

        return ece;
    }

    /// <summary>
    /// The temperature T in [0.05, 20] minimising <see cref="NegativeLogLikelihood"/>: golden-section search on
    /// log T. NLL is convex in 1/T, so the 1-D search finds the same optimum as LBFGS without a gradient.
    /// </summary>
    /// <exception cref="ArgumentException">Empty input or different lengths.</exception>
    public static double FitTemperature(IReadOnlyList<float[]> logits, IReadOnlyList<int> gold)
    {
        Check(logits, gold);
        double lo = Math.Log(0.05), hi = Math.Log(20.0);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = hi - ratio * (hi - lo);
        var b = lo + ratio * (hi - lo);
        var fa = NegativeLogLikelihood(logits, gold, Math.Exp(a));
        var fb = NegativeLogLikelihood(logits, gold, Math.Exp(b));
        for (var iter = 0; iter < 60 && hi - lo > 1e-5; iter++)
        {
            if (fa < fb)
            {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = NegativeLogLikelihood(logits, gold, Math.Exp(a));
            }
            else
            {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = NegativeLogLikelihood(logits, gold, Math.Exp(b));
            }
        }

        return Math.Exp((lo + hi) / 2);
    }

    private static void Check(IReadOnlyList<float[]> logits, IReadOnlyList<int> gold)
    {
        if (logits.Count == 0 || logits.Count != gold.Count)
        {
            throw new ArgumentException($"need as many gold labels as logit rows, at least one (got {logits.Count} rows, {gold.Count} labels)");
        }
    }
}
