using Meiju.Metrics;

namespace Meiju.Tests.Metrics;

public class CalibrationTests
{
    /// <summary>
    /// Labels drawn from softmax(z) (so z is calibrated) while the model reports <paramref name="scale"/>·z:
    /// overconfident for scale &gt; 1.
    /// </summary>
    private static (float[][] Logits, int[] Gold) Miscalibrated(int n, double scale, int seed)
    {
        var rng = new Random(seed);
        var logits = new float[n][];
        var gold = new int[n];
        for (var i = 0; i < n; i++)
        {
            var z = Enumerable.Range(0, 4).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            var p = Calibration.Softmax(z);
            var u = rng.NextDouble();
            var c = 0;
            for (double acc = p[0]; acc < u && c < 3; acc += p[++c])
            {
            }

            gold[i] = c;
            logits[i] = z.Select(v => (float)(v * scale)).ToArray();
        }

        return (logits, gold);
    }

    [Fact]
    public void Ece_is_zero_when_confidence_matches_accuracy_and_measures_the_gap_otherwise()
    {
        // Two samples at confidence ~1 both right: no gap.
        float[][] sure = [[20f, 0f], [0f, 20f]];
        Assert.Equal(0.0, Calibration.ExpectedCalibrationError(sure, [0, 1]), 6);

        // Both at confidence ~1 and one wrong: accuracy 0.5 in that bin, gap 0.5.
        Assert.Equal(0.5, Calibration.ExpectedCalibrationError(sure, [0, 0]), 6);

        // Confidence p = softmax([1, 0])[0] in one bin, all right: gap 1 − p.
        var p = Calibration.Softmax([1f, 0f])[0];
        Assert.Equal(1 - p, Calibration.ExpectedCalibrationError([[1f, 0f], [1f, 0f]], [0, 0]), 9);
    }

    [Fact]
    public void Temperature_scaling_recovers_the_overconfidence_factor_and_lowers_nll_and_ece()
    {
        var (logits, gold) = Miscalibrated(4000, 3.0, seed: 5);
        var t = Calibration.FitTemperature(logits, gold);
        Assert.InRange(t, 2.5, 3.5);
        Assert.True(Calibration.NegativeLogLikelihood(logits, gold, t) < Calibration.NegativeLogLikelihood(logits, gold) - 0.05);
        var before = Calibration.ExpectedCalibrationError(logits, gold);
        var after = Calibration.ExpectedCalibrationError(logits, gold, t);
        Assert.True(after < before / 2, $"ECE {before:F4} → {after:F4}");
    }

    [Fact]
    public void Underconfident_logits_get_a_temperature_below_one()
    {
        var (logits, gold) = Miscalibrated(3000, 0.4, seed: 9);
        Assert.InRange(Calibration.FitTemperature(logits, gold), 0.3, 0.5);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Calibration.ExpectedCalibrationError([[1f, 0f]], [0, 1]));
        Assert.Throws<ArgumentException>(() => Calibration.FitTemperature([], []));
    }
}
