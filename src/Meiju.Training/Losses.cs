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
                    return alpha * (1 - exp(-c)).pow(gamma) * c;
                }

            case AuxiliaryLoss.PerSample:
                {
                    var c = nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.None);
                    return (alpha * (1 - exp(-c)).pow(gamma) * c).mean();
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
}
