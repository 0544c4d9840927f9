using Meiju.Metrics;
using Meiju.Model;
using static TorchSharp.torch;

namespace Meiju.Training.Tests;

public class ImbalanceTests
{
    /// <summary>Labels 0, 1, 2 with counts 90, 9, 1.</summary>
    private static readonly int[] Skewed = [.. Enumerable.Repeat(0, 90), .. Enumerable.Repeat(1, 9), 2];

    /// <summary>Learns a bias-only classifier (no features) on <see cref="Skewed"/> with <paramref name="t"/>'s loss.</summary>
    private static float[] LearnBias(TrainingOptions t)
    {
        using var scope = NewDisposeScope();
        var bias = zeros(3, requires_grad: true);
        var target = tensor(Skewed.Select(l => (long)l).ToArray());
        var prior = tensor(Losses.LogPriors(Skewed, 3));
        var weights = t.ClassWeights ? tensor(Losses.ClassWeights(Skewed, 3)) : null;
        for (var step = 0; step < 1500; step++)
        {
            using var inner = NewDisposeScope();
            var logits = bias.unsqueeze(0).expand(Skewed.Length, 3);
            var loss = Losses.Main(logits, target, t, weights, prior);
            loss.backward();
            using (no_grad())
            {
                bias.sub_(bias.grad! * 0.5);
                bias.grad!.zero_();
            }
        }

        return bias.detach().data<float>().ToArray();
    }

    [Fact]
    public void Logit_adjustment_shifts_the_learned_scores_toward_rare_classes()
    {
        var ce = LearnBias(new TrainingOptions());
        var la = LearnBias(new TrainingOptions { LogitAdjustment = new LogitAdjustmentOptions() });
        // Plain CE learns the log-priors, so the rare class never wins; the adjusted loss learns (nearly) flat scores.
        Assert.Equal(Math.Log(0.01 / 0.9), ce[2] - ce[0], 1);
        Assert.True(la[2] - la[0] > ce[2] - ce[0] + 3, $"rare−major margin CE {ce[2] - ce[0]:F2}, LA {la[2] - la[0]:F2}");
        Assert.InRange(la[2] - la[0], -0.5, 0.5);
    }

    [Fact]
    public void Logit_adjustment_scales_with_tau()
    {
        var half = LearnBias(new TrainingOptions { LogitAdjustment = new LogitAdjustmentOptions { Tau = 0.5 } });
        var full = LearnBias(new TrainingOptions { LogitAdjustment = new LogitAdjustmentOptions { Tau = 1 } });
        Assert.True(half[2] - half[0] < full[2] - full[0] - 1);
    }

    [Fact]
    public void Focal_main_loss_is_the_per_sample_focal_formula_and_down_weights_easy_samples()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var logits = randn(16, 5) * 3;
        var target = tensor(Enumerable.Range(0, 16).Select(i => (long)(i % 5)).ToArray());
        var t = new TrainingOptions { Loss = MainLoss.Focal, FocalAlpha = 1, FocalGamma = 2 };
        var ce = nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.None).data<float>().ToArray();
        var expected = ce.Average(c => Math.Pow(1 - Math.Exp(-c), 2) * c);
        Assert.Equal(expected, Losses.Main(logits, target, t, null, null).item<float>(), 4);
        Assert.True(Losses.Main(logits, target, t, null, null).item<float>() < Losses.Main(logits, target, new TrainingOptions(), null, null).item<float>());
    }

    [Fact]
    public void Balanced_sampler_draws_classes_uniformly_and_is_seeded()
    {
        var a = BalancedSampler.Epoch(1, 1, 0, Skewed, 30000);
        var histogram = a.GroupBy(i => Skewed[i]).ToDictionary(g => g.Key, g => g.Count());
        foreach (var c in new[] { 0, 1, 2 })
        {
            Assert.InRange(histogram[c], 9300, 10700);
        }

        Assert.Equal(a, BalancedSampler.Epoch(1, 1, 0, Skewed, 30000));
        Assert.NotEqual(a, BalancedSampler.Epoch(1, 1, 1, Skewed, 30000));
        Assert.NotEqual(a, BalancedSampler.Epoch(2, 1, 0, Skewed, 30000));
        Assert.DoesNotContain(BalancedSampler.Epoch(1, 1, 0, [0, -1, 1], 100), i => i == 1);
    }

    [Fact]
    public void Decision_biases_raise_the_tuned_metric_by_predicting_an_underpredicted_class()
    {
        // Class 1's logit is systematically 1.5 too low: untuned argmax rarely predicts it.
        var rng = new Random(3);
        var gold = Enumerable.Range(0, 600).Select(i => i % 3 == 0 ? 1 : 0).ToArray();
        var logits = gold.Select(g => new[] { (float)(rng.NextDouble() + (g == 0 ? 1 : 0)), (float)(rng.NextDouble() + (g == 1 ? 1 : 0) - 1.5) }).ToArray();
        var before = ClassificationReport.Compute(gold, logits.Select(r => DecisionBiases.Argmax(r, null)).ToArray()).F1(F1Average.Macro);
        var bias = DecisionBiases.Tune(logits, gold, F1Average.Macro);
        var after = ClassificationReport.Compute(gold, logits.Select(r => DecisionBiases.Argmax(r, bias)).ToArray()).F1(F1Average.Macro);
        Assert.True(after > before + 0.2, $"macro F1 {before:F3} → {after:F3}");
        Assert.True(bias[1] - bias[0] > 0.5);
    }

    [Fact]
    public void Pseudo_label_selection_respects_threshold_and_per_class_caps()
    {
        float[][] emo = [[5, 0, 0], [4, 0, 0], [3, 0, 0], [0, 5, 0], [0, 0.1f, 0], [0, 0, 6]];
        float[][] intent = [[5, 0], [5, 0], [5, 0], [5, 0], [5, 0], [0, 0]];
        var pool = new SplitLogits(["a", "b", "c", "d", "e", "f"], emo, intent, [-1, -1, -1, -1, -1, -1], [-1, -1, -1, -1, -1, -1]);

        var kept = PseudoLabelling.Select(pool, new PseudoLabelOptions { Threshold = 0.85 });
        // e is unsure about emotion, f about intent (0.5): both dropped.
        Assert.Equal(["a", "b", "c", "d"], kept.Select(k => k.Name));
        Assert.All(kept, k => Assert.True(k.Confidence >= 0.85));

        var capped = PseudoLabelling.Select(pool, new PseudoLabelOptions { Threshold = 0.85, MaxPerClass = 2 });
        Assert.Equal(["a", "b", "d"], capped.Select(k => k.Name));
        Assert.Equal([0, 0, 1], capped.Select(k => k.Emotion));
    }

    [Fact]
    public void Mixup_and_time_masking_are_seeded_and_keep_shapes()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var x = rand(4, 10, 3) + 1;
        var batch = new ModelBatch(new Dictionary<string, Tensor> { ["L"] = x }, new Dictionary<string, Tensor> { ["L"] = tensor(new long[] { 10, 10, 5, 8 }) });
        var masked = FeatureAugmentation.Apply(batch, new AugmentationOptions { TimeMask = 0.5 }, new SplitMix(1, 2));
        var zeroRows = (masked.Input.Features["L"].abs().sum(2) == 0).sum().item<long>();
        Assert.True(zeroRows > 0, "time masking zeroed nothing");
        Assert.True(zeroRows <= 5 + 5 + 2 + 4);
        Assert.Null(masked.Partner);

        var opts = new AugmentationOptions { Mixup = 0.4 };
        var m1 = FeatureAugmentation.Apply(batch, opts, new SplitMix(1, 2));
        var m2 = FeatureAugmentation.Apply(batch, opts, new SplitMix(1, 2));
        var m3 = FeatureAugmentation.Apply(batch, opts, new SplitMix(1, 3));
        Assert.Equal(m1.Lambda, m2.Lambda);
        Assert.True(allclose(m1.Input.Features["L"], m2.Input.Features["L"], 0, 0));
        Assert.NotEqual(m1.Lambda, m3.Lambda);
        Assert.InRange(m1.Lambda, 0, 1);
        Assert.Equal(x.shape, m1.Input.Features["L"].shape);
        var expected = m1.Lambda * x + (1 - m1.Lambda) * x.index_select(0, m1.Partner!);
        Assert.True(allclose(expected, m1.Input.Features["L"], 1e-5, 1e-6));
    }

    [Fact]
    public void Cross_fitted_calibration_lowers_ece_of_overconfident_logits()
    {
        var rng = new Random(11);
        var n = 2000;
        var gold = new int[n];
        var emo = new float[n][];
        for (var i = 0; i < n; i++)
        {
            var z = new[] { (float)rng.NextDouble() * 3, (float)rng.NextDouble() * 3, (float)rng.NextDouble() * 3 };
            var p = Calibration.Softmax(z);
            var u = rng.NextDouble();
            gold[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            emo[i] = z.Select(v => v * 4).ToArray();
        }

        var logits = new SplitLogits(Enumerable.Range(0, n).Select(i => $"u{i}").ToArray(), emo, emo, gold, gold);
        var (predictions, ece, _) = ScoreCalibration.CrossFit(logits, new CalibrationOptions(), ChallengeTrack.Track1, seed: 1);
        Assert.True(ece < Calibration.ExpectedCalibrationError(emo, gold) / 2);
        Assert.Equal(logits.ToPredictions().Emotion, predictions.Emotion);
        Assert.Equal(ScoreCalibration.CrossFit(logits, new CalibrationOptions(), ChallengeTrack.Track1, seed: 1).EmotionEce, ece);
    }
}
