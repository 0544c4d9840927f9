using Meiju.Model;
using Meiju.Tests;

namespace Meiju.Training.Tests;

public class ImbalanceConfigTests
{
    [Theory]
    [InlineData("text-dailydialog-pool.json", 4)]
    [InlineData("text-dailydialog-pool-low.json", 4)]
    [InlineData("text-dailydialog-pool-low-tokens.json", 4)]
    [InlineData("text-meld-pool.json", 2)]
    public void Issue_7_configs_load_with_the_pool_encoder_and_one_stage(string file, int intentClasses)
    {
        var config = TrainingConfig.Load(Path.Combine(SharedData.RepoRoot, "configs", "training", file));
        Assert.False(config.Joint);
        Assert.Equal(intentClasses, config.Model.IntentClasses);
        Assert.All(config.Model.Streams, s => Assert.Equal("pool", s.Encoder.Type));
        Assert.Equal(1, config.Training.Track);
        using var model = MeijuModel.Create(config.Model, seed: 1);
        Assert.True(model.ParameterCount > 0);
    }

    [Fact]
    public void Every_benchmark_method_changes_only_what_it_names()
    {
        var config = SyntheticRun.Config(joint: false);
        foreach (var method in ImbalanceMethods.All)
        {
            var c = ImbalanceMethods.Apply(config, method, maxPerClass: 5);
            Assert.EndsWith(method, c.Name);
            Assert.Equal(config.Model, c.Model);
            Assert.NotEmpty(ImbalanceMethods.Describe(method));
        }

        Assert.Equal(config.Training, ImbalanceMethods.Apply(config, "ce").Training);
        Assert.True(ImbalanceMethods.Apply(config, "weighted").Training.ClassWeights);
        Assert.Equal(5, ImbalanceMethods.Apply(config, "pseudo", 5).Training.PseudoLabel!.MaxPerClass);
        Assert.Throws<ArgumentException>(() => ImbalanceMethods.Apply(config, "magic"));
    }
}
