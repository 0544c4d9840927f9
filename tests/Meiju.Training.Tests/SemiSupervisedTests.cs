using Meiju.Data;

namespace Meiju.Training.Tests;

public class SemiSupervisedTests
{
    private static TrainingRunOptions Options(string data, string outDir, long seed = 11, string? features = null) => new()
    {
        DataRoot = data,
        FeatureRoot = features,
        OutDir = outDir,
        Seed = seed,
        Cpu = true,
        Threads = 1,
        Charts = false,
    };

    private static TrainingConfig Imbalanced(TrainingConfig c) => c with
    {
        Training = c.Training with
        {
            LogitAdjustment = new LogitAdjustmentOptions(),
            Sampling = BatchSampling.Balanced,
            Loss = MainLoss.Focal,
            Augmentation = new AugmentationOptions { Mixup = 0.4, TimeMask = 0.2 },
            Calibration = new CalibrationOptions { Thresholds = true },
        },
    };

    [Fact]
    public void Every_switch_trains_deterministically_and_the_calibration_is_stored_and_applied()
    {
        using var data = new SyntheticRun(imbalanced: true);
        var config = Imbalanced(SyntheticRun.Config(joint: false, stage1: 3));
        var a = Trainer.Run(config, Options(data.Root, data.RunDir("a")));
        var b = Trainer.Run(config, Options(data.Root, data.RunDir("b")));
        Assert.True(a.Completed);
        Assert.Equal(a.History.Select(h => h.TrainLoss), b.History.Select(h => h.TrainLoss));

        var calibration = ScoreCalibration.Read(data.RunDir("a"))!;
        Assert.NotNull(calibration.EmotionBias);
        Assert.True(calibration.EmotionTemperature > 0);
        using var model = TrainedModel.Load(data.RunDir("a"), cpu: true);
        Assert.Equal(calibration.EmotionBias, model.Calibration!.EmotionBias);
        var valid = TrainingSplit.Open(data.Root, null, MeijuSplit.Valid, model.Streams, requireLabels: true);
        var logits = model.Logits(valid);
        Assert.Equal(logits.ToPredictions(calibration.EmotionBias, calibration.IntentBias).Emotion, model.Predict(valid).Emotion);

        // The saved config only mentions switches that are on, so older configs keep their fingerprints.
        var plain = SyntheticRun.Config(joint: false, stage1: 3).ToJson();
        Assert.DoesNotContain("logitAdjustment", plain);
        Assert.DoesNotContain("sampling", plain);
        Assert.Contains("logitAdjustment", config.ToJson());
    }

    [Fact]
    public void Pseudo_labelling_adds_confident_pool_utterances_and_retrains()
    {
        using var data = new SyntheticRun(train: 240);
        var split = Path.Combine(data.Root, "low");
        var (labelled, unlabelled) = LabelledFraction.Write(data.Root, split, 0.25, seed: 1);
        Assert.True(unlabelled > labelled);
        var features = Path.Combine(data.Root, "features");
        var config = SyntheticRun.Config(joint: false, stage1: 4) with
        {
            Training = SyntheticRun.Config(joint: false, stage1: 4).Training with { PseudoLabel = new PseudoLabelOptions { Rounds = 2, Threshold = 0.5, MaxPerClass = 10 } },
        };
        var outDir = Path.Combine(data.Root, "runs", "pseudo");
        var (runDir, rounds) = PseudoLabelling.Run(config, Options(split, outDir, features: Directory.Exists(features) ? features : data.Root));
        Assert.Equal(2, rounds.Count);
        Assert.All(rounds, r => Assert.Equal(unlabelled, r.Pool));
        Assert.All(rounds, r => Assert.All(r.PerClass.Values, n => Assert.InRange(n, 1, 10)));
        Assert.True(File.Exists(Path.Combine(runDir, TrainedModel.CardFile)));
        var trainLines = File.ReadAllLines(Path.Combine(outDir, "round2", "data", "Training_files.txt")).Length;
        Assert.Equal(labelled + rounds[1].Kept, trainLines);

        // A second call reuses every finished round.
        var again = PseudoLabelling.Run(config, Options(split, outDir, features: Directory.Exists(features) ? features : data.Root));
        Assert.Equal(rounds.Select(r => r.Kept), again.Rounds.Select(r => r.Kept));
    }

    [Fact]
    public void Imbalance_benchmark_writes_the_method_by_metric_table()
    {
        using var data = new SyntheticRun(imbalanced: true);
        var outDir = Path.Combine(data.Root, "runs", "bench");
        var runs = ImbalanceBenchmark.Run(SyntheticRun.Config(joint: false, stage1: 2), new ImbalanceBenchmarkOptions
        {
            DataRoot = data.Root,
            OutDir = outDir,
            Methods = ["ce", "logit-adjust", "thresholds"],
            Seeds = 2,
            Threads = 1,
            Cpu = true,
        });
        Assert.Equal(6, runs.Count);
        var md = File.ReadAllText(Path.Combine(outDir, "imbalance-benchmark.md"));
        Assert.Contains("| logit-adjust | 2 |", md);
        Assert.Contains("JRBM", md);
        Assert.Equal(7, File.ReadAllLines(Path.Combine(outDir, "imbalance-benchmark.csv")).Length);
        // Post-hoc rows reuse the ce runs' logits: same ECE before scaling.
        Assert.Equal(runs.Where(r => r.Method == "ce").Select(r => r.EmotionEce), runs.Where(r => r.Method == "thresholds").Select(r => r.EmotionEce));
        Assert.All(runs, r => Assert.InRange(r.EmotionMacroF1, 0, 1));
    }
}
