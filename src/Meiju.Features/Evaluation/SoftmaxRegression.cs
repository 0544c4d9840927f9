namespace Meiju.Features.Evaluation;

/// <summary>
/// Multinomial logistic regression on standardised features, trained with mini-batch Adam and L2 weight decay.
/// Seeded, so the same data and seed give the same model. Small enough for the linear probes of the feature
/// evaluations; not meant as a general learner.
/// </summary>
public sealed class SoftmaxRegression
{
    private readonly float[] _mean;
    private readonly float[] _scale;
    private readonly double[,] _weights;
    private readonly double[] _bias;

    private SoftmaxRegression(float[] mean, float[] scale, double[,] weights, double[] bias)
    {
        _mean = mean;
        _scale = scale;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>Number of classes.</summary>
    public int Classes => _bias.Length;

    /// <summary>Fits the model.</summary>
    /// <param name="x">Training rows (all of one width).</param>
    /// <param name="y">Class index per row, 0 ≤ y &lt; <paramref name="classes"/>.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="seed">Seed of the shuffling.</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="learningRate">Adam step size.</param>
    /// <param name="l2">Weight decay.</param>
    public static SoftmaxRegression Fit(IReadOnlyList<float[]> x, IReadOnlyList<int> y, int classes, int seed, int epochs = 60, double learningRate = 0.01, double l2 = 1e-4)
    {
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException("need as many labels as rows, and at least one row");
        }

        var d = x[0].Length;
        var mean = new float[d];
        var scale = new float[d];
        for (var j = 0; j < d; j++)
        {
            double m = 0, s = 0;
            foreach (var row in x)
            {
                m += row[j];
            }

            m /= x.Count;
            foreach (var row in x)
            {
                s += (row[j] - m) * (row[j] - m);
            }

            mean[j] = (float)m;
            var std = Math.Sqrt(s / x.Count);
            scale[j] = std > 1e-8 ? (float)(1 / std) : 0f;
        }

        var w = new double[d, classes];
        var b = new double[classes];
        var mw = new double[d, classes];
        var vw = new double[d, classes];
        var mb = new double[classes];
        var vb = new double[classes];
        var rng = new Random(seed);
        var order = Enumerable.Range(0, x.Count).ToArray();
        const int batch = 64;
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var step = 0;
        var model = new SoftmaxRegression(mean, scale, w, b);
        var gw = new double[d, classes];
        var gb = new double[classes];
        var z = new double[d];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            rng.Shuffle(order);
            for (var start = 0; start < order.Length; start += batch)
            {
                var count = Math.Min(batch, order.Length - start);
                Array.Clear(gw);
                Array.Clear(gb);
                for (var n = start; n < start + count; n++)
                {
                    var i = order[n];
                    model.Standardise(x[i], z);
                    var p = model.Probabilities(z);
                    p[y[i]] -= 1;
                    for (var k = 0; k < classes; k++)
                    {
                        gb[k] += p[k];
                    }

                    for (var j = 0; j < d; j++)
                    {
                        if (z[j] == 0)
                        {
                            continue;
                        }

                        for (var k = 0; k < classes; k++)
                        {
                            gw[j, k] += z[j] * p[k];
                        }
                    }
                }

                step++;
                var c1 = 1 - Math.Pow(beta1, step);
                var c2 = 1 - Math.Pow(beta2, step);
                for (var k = 0; k < classes; k++)
                {
                    var g = gb[k] / count;
                    mb[k] = (beta1 * mb[k]) + ((1 - beta1) * g);
                    vb[k] = (beta2 * vb[k]) + ((1 - beta2) * g * g);
                    b[k] -= learningRate * (mb[k] / c1) / (Math.Sqrt(vb[k] / c2) + eps);
                    for (var j = 0; j < d; j++)
                    {
                        var gj = (gw[j, k] / count) + (l2 * w[j, k]);
                        mw[j, k] = (beta1 * mw[j, k]) + ((1 - beta1) * gj);
                        vw[j, k] = (beta2 * vw[j, k]) + ((1 - beta2) * gj * gj);
                        w[j, k] -= learningRate * (mw[j, k] / c1) / (Math.Sqrt(vw[j, k] / c2) + eps);
                    }
                }
            }
        }

        return model;
    }

    /// <summary>The most probable class of <paramref name="row"/>.</summary>
    public int Predict(float[] row)
    {
        var z = new double[_mean.Length];
        Standardise(row, z);
        var p = Probabilities(z);
        return Array.IndexOf(p, p.Max());
    }

    private void Standardise(float[] row, double[] z)
    {
        for (var j = 0; j < z.Length; j++)
        {
            z[j] = (row[j] - _mean[j]) * _scale[j];
        }
    }

    private double[] Probabilities(double[] z)
    {
        var k = _bias.Length;
        var logits = new double[k];
        for (var c = 0; c < k; c++)
        {
            var s = _bias[c];
            for (var j = 0; j < z.Length; j++)
            {
                s += z[j] * _weights[j, c];
            }

            logits[c] = s;
        }

        var max = logits.Max();
        var sum = 0.0;
        for (var c = 0; c < k; c++)
        {
            logits[c] = Math.Exp(logits[c] - max);
            sum += logits[c];
        }

        for (var c = 0; c < k; c++)
        {
            logits[c] /= sum;
        }

        return logits;
    }
}
