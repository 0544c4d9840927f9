using Meiju.Model;
using static TorchSharp.torch;

namespace Meiju.Training.Tests;

public class RecipeTests
{
    [Theory]
    [InlineData(TrainingRecipe.Paper, true)]
    [InlineData(TrainingRecipe.Baseline, false)]
    public void Stage_two_starts_from_stage_one_and_the_paper_recipe_keeps_the_classifiers_frozen(TrainingRecipe recipe, bool frozen)
    {
        using var data = new SyntheticRun(train: 48, valid: 24);
        var config = SyntheticRun.Config(stage1: 2, stage2: 2);
        config = config with { Training = config.Training with { Recipe = recipe } };
        Trainer.Run(config, new TrainingRunOptions { DataRoot = data.Root, OutDir = data.RunDir("r"), Seed = 4, Cpu = true, Threads = 1, Charts = false });
        using var s1 = ModelCheckpoint.Load(Trainer.BestModelPath(data.RunDir("r"), 1));
        using var s2 = ModelCheckpoint.Load(Trainer.BestModelPath(data.RunDir("r"), 2));
        var w1 = s1.state_dict();
        var w2 = s2.state_dict();
        foreach (var net in s2.PretrainedSubNetworkNames)
        {
            foreach (var (key, value) in w2.Where(kv => kv.Key.StartsWith(net + ".", StringComparison.Ordinal)))
            {
                var same = value.allclose(w1[key], 0, 0);
                if (frozen)
                {
                    Assert.True(same, $"{key} changed although the classifiers are frozen");
                }
            }
        }

        if (!frozen)
        {
            // The baseline recipe trains the encoders further in stage 2.
            Assert.Contains(s2.PretrainedSubNetworkNames.SelectMany(n => w2.Where(kv => kv.Key.StartsWith(n + ".", StringComparison.Ordinal))), kv => !kv.Value.allclose(w1[kv.Key], 0, 0));
        }

        Assert.Contains(w2.Keys, k => k.StartsWith("netEmo_Int_interaction.", StringComparison.Ordinal));
    }
}
