using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>The training losses: (optionally class-weighted) cross-entropy and the auxiliary focal term.</summary>
public static class Losses
{
    /// <summary>Mean cross-entropy, weighted per class when <paramref name="weights"/> is given.</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? weights) =>
        nn.functional.cross_entropy(logits, target, weights);

    /// <summary>
    /// The auxiliary focal term. <see cref="AuxiliaryLoss.BatchMean"/> is the baseline's form,
    /// α(1 − e^(−c))^γ·c on the batch-mean cross-entropy c (it rescales the mean loss, not each sample);
    /// <see cref="AuxiliaryLoss.PerSample"/> applies the same expression to each sample's cross-entropy before
    /// averaging, which is the focal loss proper.
    /// </summary>
    public static Tensor Focal(Tensor logits, Tensor target, AuxiliaryLoss form, double alpha, double gamma)
    {
        switch (form)
        {
            case AuxiliaryLoss.BatchMean:
                {
                    var c = nn.functional.cross_entropy(logits, target);
                    return exp(-c).SubtractedFrom(1).Power(gamma).Times(alpha) * c;
                }

            case AuxiliaryLoss.PerSample:
                {
                    var c = nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.None);
                    return (exp(-c).SubtractedFrom(1).Power(gamma).Times(alpha) * c).mean();
                }

            default:
                return zeros(1, device: logits.device).squeeze();
        }
    }

    /// <summary>
    /// Inverse-frequency class weights, n / (C · n_c), normalised to mean 1 over present classes; absent classes get 0
    /// weight so they never divide by zero.
    /// </summary>
    public static float[] ClassWeights(IEnumerable<int> labels, int classes)
    {
        var counts = new long[classes];
        long n = 0;
        foreach (var l in labels)
        {
            counts[l]++;
            n++;
        }

        var present = counts.Count(c => c > 0);
        var w = new float[classes];
        for (var c = 0; c < classes; c++)
        {
            w[c] = counts[c] == 0 ? 0f : (float)(n / ((double)present * counts[c]));
        }

        return w;
    }

    /// <summary>
    /// The main loss of one head as <paramref name="t"/> selects it: cross-entropy (weighted by
    /// <paramref name="weights"/> when given) or the per-sample focal loss, on the logits shifted by
    /// τ·<paramref name="logPrior"/> when logit adjustment is on.
    /// </summary>
    public static Tensor Main(Tensor logits, Tensor target, TrainingOptions t, Tensor? weights, Tensor? logPrior)
    {
        if (logPrior is not null && t.LogitAdjustment is { } la)
        {
            logits = logits.Plus(logPrior.Times(la.Tau));
        }

        if (t.Loss != MainLoss.Focal)
        {
            return CrossEntropy(logits, target, weights);
        }

        var c = nn.functional.cross_entropy(logits, target, weights, reduction: nn.Reduction.None);
        var pt = exp(-nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.None));
        return (pt.SubtractedFrom(1).Power(t.FocalGamma).Times(t.FocalAlpha) * c).mean();
    }

    /// <summary>
    /// log of the training class priors n_c / n; absent classes get log(1/n²) (a finite, very low prior) so the
    /// adjusted loss stays finite.
    /// </summary>
    public static float[] LogPriors(IEnumerable<int> labels, int classes)
    {
        var counts = new long[classes];
        long n = 0;
        foreach (var l in labels)
        {
            counts[l]++;
            n++;
        }

        var result = new float[classes];
        for (var c = 0; c < classes; c++)
        {
            result[c] = (float)(counts[c] > 0 ? Math.Log((double)counts[c] / n) : -2 * Math.Log(Math.Max(n, 2)));
        }

        return result;
    }
}
