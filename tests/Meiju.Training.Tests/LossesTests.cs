using static TorchSharp.torch;

namespace Meiju.Training.Tests;

public class LossesTests
{
    [Fact]
    public void Learning_rate_is_constant_then_decays_linearly()
    {
        var s = new StageSchedule(20, 40);
        Assert.Equal(1.0, s.Factor(0));
        Assert.Equal(1.0, s.Factor(19));
        Assert.Equal(1 - 1 / 41.0, s.Factor(20), 12);
        Assert.Equal(1 - 40 / 41.0, s.Factor(59), 12);
        Assert.True(s.Factor(59) > 0);
    }

    [Fact]
    public void Batch_mean_focal_is_the_baselines_formula_and_per_sample_differs()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var logits = randn(8, 7);
        var target = tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 0 });
        var c = nn.functional.cross_entropy(logits, target).item<float>();
        var expected = 0.5 * Math.Pow(1 - Math.Exp(-c), 3) * c;
        var batchMean = Losses.Focal(logits, target, AuxiliaryLoss.BatchMean, 0.5, 3).item<float>();
        Assert.Equal(expected, batchMean, 5);

        var per = nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.None).data<float>().ToArray();
        var perExpected = per.Average(ci => 0.5 * Math.Pow(1 - Math.Exp(-ci), 3) * ci);
        var perSample = Losses.Focal(logits, target, AuxiliaryLoss.PerSample, 0.5, 3).item<float>();
        Assert.Equal(perExpected, perSample, 5);
        Assert.NotEqual(batchMean, perSample, 4);
        Assert.Equal(0f, Losses.Focal(logits, target, AuxiliaryLoss.None, 0.5, 3).item<float>());
    }

    [Fact]
    public void Class_weights_are_inverse_frequency_and_zero_for_absent_classes()
    {
        var w = Losses.ClassWeights([0, 0, 0, 1], 3);
        Assert.Equal(4 / (2.0 * 3), w[0], 5);
        Assert.Equal(4 / (2.0 * 1), w[1], 5);
        Assert.Equal(0f, w[2]);
    }

    [Fact]
    public void Weight_decay_is_applied_by_the_optimizer()
    {
        // The baseline passes weight_decay but never uses it; here the same step with decay must move weights differently.
        float Step(double wd)
        {
            using var scope = NewDisposeScope();
            manual_seed(3);
            var lin = nn.Linear(4, 2);
            var opt = optim.Adam(lin.parameters(), 0.1, 0.5, 0.999, 1e-8, wd);
            // A zero gradient: only decay can move the weights.
            (lin.call(ones(3, 4)).sum() * 0).backward();
            opt.step();
            return lin.weight!.sum().item<float>();
        }

        Assert.NotEqual(Step(0), Step(0.5), 3);
    }
}
