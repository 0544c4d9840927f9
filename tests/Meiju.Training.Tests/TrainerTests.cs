using Meiju.Data;
using Meiju.Metrics;

namespace Meiju.Training.Tests;

public class TrainerTests
{
    private static TrainingRunOptions Options(SyntheticRun data, string run, long seed = 11, int? maxBatches = null, bool resume = false) => new()
    {
        DataRoot = data.Root,
        OutDir = data.RunDir(run),
        Seed = seed,
        MaxBatches = maxBatches,
        Resume = resume,
        Cpu = true,
        Threads = 1,
        Charts = false,
    };

    private static double[] Metrics(TrainingResult r) =>
        r.History.SelectMany(h => new[] { h.TrainLoss, h.Valid.Emotion, h.Valid.Intent, h.Valid.Jrbm, h.Valid.EmotionWeightedF1, h.Valid.IntentWeightedF1 }).ToArray();

    [Fact]
    public void Training_beats_the_majority_class_by_a_wide_margin()
    {
        using var data = new SyntheticRun();
        var config = SyntheticRun.Config();
        var result = Trainer.Run(config, Options(data, "a") with { Charts = true });
        Assert.True(result.Completed);
        var streams = TrainingStream.Of(config.Model);
        var train = TrainingSplit.Open(data.Root, null, MeijuSplit.Train, streams, requireLabels: true);
        var valid = TrainingSplit.Open(data.Root, null, MeijuSplit.Valid, streams, requireLabels: true);
        var majority = Evaluator.MajorityBaseline(train, valid, ChallengeTrack.Track2);
        Assert.True(result.Best!.Jrbm > majority.Jrbm + 0.25, $"JRBM {result.Best.Jrbm:F3} vs majority {majority.Jrbm:F3}");

        // The run folder is a usable model: evaluating it reproduces the selected epoch's scores.
        using var model = TrainedModel.Load(data.RunDir("a"), cpu: true);
        Assert.Equal(result.Best.Jrbm, model.Predict(valid, 16).Report(ChallengeTrack.Track2, valid.EmotionLabels, valid.IntentLabels).Jrbm, 12);
        foreach (var f in new[] { "metrics.csv", "metrics.json", "train-config.json", "model.json", "best_stage1/model.safetensors", "best_stage2/model.safetensors", "learning-curve.png", "emotion-confusion.png", "intent-confusion.png" })
        {
            Assert.True(File.Exists(Path.Combine(data.RunDir("a"), f)), f);
        }

        Assert.Equal(result.History.Count + 1, File.ReadAllLines(Path.Combine(data.RunDir("a"), "metrics.csv")).Length);
    }

    [Fact]
    public void Same_seed_gives_identical_metrics_and_another_seed_differs()
    {
        using var data = new SyntheticRun(train: 96, valid: 32);
        var config = SyntheticRun.Config(stage1: 3, stage2: 2);
        var a = Trainer.Run(config, Options(data, "a", seed: 5) with { Charts = false });
        var b = Trainer.Run(config, Options(data, "b", seed: 5) with { Charts = false });
        var c = Trainer.Run(config, Options(data, "c", seed: 6) with { Charts = false });
        Assert.Equal(Metrics(a), Metrics(b));
        Assert.NotEqual(Metrics(a), Metrics(c));
        Assert.Equal(File.ReadAllBytes(Path.Combine(data.RunDir("a"), "best_stage2", "model.safetensors")), File.ReadAllBytes(Path.Combine(data.RunDir("b"), "best_stage2", "model.safetensors")));
    }

    [Fact]
    public void Length_bucketed_training_is_deterministic_and_still_learns()
    {
        using var data = new SyntheticRun(train: 96, valid: 32);
        var plain = SyntheticRun.Config(stage1: 3, stage2: 2);
        var config = plain with { Training = plain.Training with { LengthBuckets = true } };
        var a = Trainer.Run(config, Options(data, "a", seed: 5) with { Charts = false });
        var b = Trainer.Run(config, Options(data, "b", seed: 5) with { Charts = false });
        Assert.Equal(Metrics(a), Metrics(b));
        Assert.True(a.Best!.Jrbm > 0.3, $"JRBM {a.Best.Jrbm}");
    }

    [Theory]
    [InlineData(9)]  // mid-epoch in stage 1 (6 batches per epoch)
    [InlineData(20)] // mid-epoch in stage 2
    public void Killed_mid_epoch_and_resumed_equals_an_uninterrupted_run(int killAfter)
    {
        using var data = new SyntheticRun(train: 96, valid: 32);
        var config = SyntheticRun.Config(stage1: 3, stage2: 2);
        var full = Trainer.Run(config, Options(data, "full", seed: 3));

        var killed = Trainer.Run(config, Options(data, "cut", seed: 3, maxBatches: killAfter));
        Assert.False(killed.Completed);
        Assert.False(File.Exists(Path.Combine(data.RunDir("cut"), "model.json")));
        var resumed = Trainer.Run(config, Options(data, "cut", seed: 3, resume: true));
        Assert.True(resumed.Completed);
        Assert.Equal(Metrics(full), Metrics(resumed));
        Assert.Equal(full.Best!.Jrbm, resumed.Best!.Jrbm);
    }

    [Fact]
    public void Without_the_joint_module_training_has_one_stage()
    {
        using var data = new SyntheticRun(train: 64, valid: 32);
        var result = Trainer.Run(SyntheticRun.Config(joint: false, stage1: 2), Options(data, "nojoint"));
        Assert.All(result.History, h => Assert.Equal(1, h.Stage));
        Assert.False(Directory.Exists(Path.Combine(data.RunDir("nojoint"), "best_stage2")));
        using var model = TrainedModel.Load(data.RunDir("nojoint"), cpu: true);
        Assert.Equal(1, model.Card.Stage);
        Assert.Equal(Meiju.Model.ModelStage.Pretrain, model.Model.Stage);
    }
}
