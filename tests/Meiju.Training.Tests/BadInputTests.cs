using Meiju.Model;

namespace Meiju.Training.Tests;

public class BadInputTests
{
    private static TrainingRunOptions Options(SyntheticRun data, string run, bool resume = false, long seed = 1) => new()
    {
        DataRoot = data.Root,
        OutDir = data.RunDir(run),
        Seed = seed,
        Resume = resume,
        Cpu = true,
        Threads = 1,
        Charts = false,
    };

    private static TrainingConfig WithModel(TrainingConfig config, Action<ModelConfig> change)
    {
        var m = config.Model.Clone();
        change(m);
        return config with { Model = m };
    }

    [Fact]
    public void Feature_folder_missing_from_the_data_is_named_and_nothing_is_written()
    {
        using var data = new SyntheticRun(train: 8, valid: 4);
        var config = WithModel(SyntheticRun.Config(), m =>
        {
            m.Features["clip"] = 10;
            m.Streams.Single(s => s.Name == "V").Feature = "clip";
        });
        var ex = Assert.Throws<MeijuDataException>(() => Trainer.Run(config, Options(data, "x")));
        Assert.Contains("unknown feature 'clip'", ex.Message);
        Assert.EndsWith("clip", ex.FilePath);
        Assert.False(Directory.Exists(data.RunDir("x")));
    }

    [Fact]
    public void Feature_unknown_to_the_config_is_refused_when_loading_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "meiju-cfg-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        var model = SyntheticRun.Model();
        model.Streams[0].Feature = "no-such-feature";
        File.WriteAllText(path, model.ToJson());
        try
        {
            var ex = Assert.Throws<MeijuDataException>(() => TrainingConfig.Load(path));
            Assert.Equal(path, ex.FilePath);
            Assert.Contains("unknown feature 'no-such-feature'", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Dimension_mismatch_names_the_file_and_both_shapes()
    {
        using var data = new SyntheticRun(train: 8, valid: 4);
        var config = WithModel(SyntheticRun.Config(), m => m.Features["vis"] = 7);
        var ex = Assert.Throws<MeijuDataException>(() => Trainer.Run(config, Options(data, "x")));
        Assert.EndsWith(".npy", ex.FilePath);
        Assert.Contains("[T, 7]", ex.Message);
        Assert.Contains("10)", ex.Message);
        Assert.False(Directory.Exists(data.RunDir("x")));
    }

    [Fact]
    public void Empty_split_is_reported_with_its_file()
    {
        using var data = new SyntheticRun(train: 8, valid: 4);
        File.WriteAllText(Path.Combine(data.Root, "Validation_files.txt"), "\n");
        var ex = Assert.Throws<MeijuDataException>(() => Trainer.Run(SyntheticRun.Config(), Options(data, "x")));
        Assert.EndsWith("Validation_files.txt", ex.FilePath);
        Assert.Contains("empty", ex.Message);
        Assert.False(Directory.Exists(data.RunDir("x")));
    }

    [Fact]
    public void Corrupt_checkpoint_is_refused_and_left_as_it_was()
    {
        using var data = new SyntheticRun(train: 32, valid: 16);
        var config = SyntheticRun.Config(stage1: 2, stage2: 1);
        Trainer.Run(config, Options(data, "r") with { MaxBatches = 3 });
        var path = Path.Combine(data.RunDir("r"), Trainer.CheckpointFile);
        var bytes = File.ReadAllBytes(path);

        var truncated = bytes[..(bytes.Length / 2)];
        File.WriteAllBytes(path, truncated);
        var ex = Assert.Throws<MeijuDataException>(() => Trainer.Run(config, Options(data, "r", resume: true)));
        Assert.Contains("checkpoint", ex.Message);
        Assert.Equal(path, ex.FilePath);
        Assert.Equal(truncated, File.ReadAllBytes(path));

        var garbage = bytes.ToArray();
        for (var i = garbage.Length / 3; i < garbage.Length - 16; i++)
        {
            garbage[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, garbage);
        ex = Assert.Throws<MeijuDataException>(() => Trainer.Run(config, Options(data, "r", resume: true)));
        Assert.Equal(path, ex.FilePath);
        Assert.Equal(garbage, File.ReadAllBytes(path));
    }

    [Fact]
    public void Checkpoint_of_another_config_or_seed_is_refused_and_nothing_is_overwritten()
    {
        using var data = new SyntheticRun(train: 32, valid: 16);
        var config = SyntheticRun.Config(stage1: 2, stage2: 1);
        Trainer.Run(config, Options(data, "r") with { MaxBatches = 3 });
        var path = Path.Combine(data.RunDir("r"), Trainer.CheckpointFile);
        var before = File.ReadAllBytes(path);
        var metrics = File.ReadAllText(Path.Combine(data.RunDir("r"), "metrics.csv"));

        var other = WithModel(config, m => m.Hidden = 32);
        var ex = Assert.Throws<MeijuDataException>(() => Trainer.Run(other, Options(data, "r", resume: true)));
        Assert.Contains("another config or seed", ex.Message);
        Assert.Throws<MeijuDataException>(() => Trainer.Run(config, Options(data, "r", resume: true, seed: 2)));

        // Starting afresh over an existing run is refused too.
        ex = Assert.Throws<MeijuDataException>(() => Trainer.Run(config, Options(data, "r")));
        Assert.Contains("--resume", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(data.RunDir("r"), "metrics.csv")));
    }

    [Fact]
    public void Weights_of_another_model_are_refused_with_the_file_named()
    {
        using var data = new SyntheticRun(train: 32, valid: 16);
        var config = SyntheticRun.Config(joint: false, stage1: 1);
        Trainer.Run(config, Options(data, "m"));
        var other = config.Model.Clone();
        other.Hidden = 32;
        foreach (var s in other.Streams)
        {
            s.Encoder.Hidden = 32;
        }

        File.WriteAllText(Path.Combine(data.RunDir("m"), "best_stage1", "config.json"), other.ToJson());
        var ex = Assert.Throws<MeijuDataException>(() => TrainedModel.Load(data.RunDir("m"), cpu: true));
        Assert.Contains("best_stage1", ex.FilePath);
    }

    [Fact]
    public void Unfinished_run_is_not_a_model()
    {
        using var data = new SyntheticRun(train: 32, valid: 16);
        Trainer.Run(SyntheticRun.Config(stage1: 2, stage2: 1), Options(data, "u") with { MaxBatches = 3 });
        var ex = Assert.Throws<MeijuDataException>(() => TrainedModel.Load(data.RunDir("u"), cpu: true));
        Assert.Contains("--resume", ex.Message);
    }

    [Fact]
    public void Malformed_training_section_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "meiju-bad-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        File.WriteAllText(path, "{ \"model\": \"baseline\", \"training\": { \"batchSize\": 0 } }");
        try
        {
            var ex = Assert.Throws<MeijuDataException>(() => TrainingConfig.Load(path));
            Assert.Equal(path, ex.FilePath);
            Assert.Contains("batchSize", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
