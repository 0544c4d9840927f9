using Meiju.Data;
using Meiju.IO;

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
    };

    [Fact]
    public void Unknown_feature_names_the_folder_and_writes_nothing()
    {
        using var data = new SyntheticRun(train: 8, valid: 4);
        var config = SyntheticRun.Config() with { Features = [new("V", "clip", 6), new("L", "txt", 8)] };
        var ex = Assert.Throws<MeijuDataException>(() => Trainer.Run(config, Options(data, "x")));
        Assert.Contains("unknown feature 'clip'", ex.Message);
        Assert.False(Directory.Exists(data.RunDir("x")));
    }

    [Fact]
    public void Dimension_mismatch_names_the_file_and_both_shapes()
    {
        using var data = new SyntheticRun(train: 8, valid: 4);
        var config = SyntheticRun.Config() with { Features = [new("V", "vis", 7), new("L", "txt", 8)] };
        var ex = Assert.Throws<MeijuDataException>(() => Trainer.Run(config, Options(data, "x")));
        Assert.Contains(".npy", ex.FilePath);
        Assert.Contains("[T, 7]", ex.Message);
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
        Assert.Equal(truncated, File.ReadAllBytes(path));

        var garbage = bytes.ToArray();
        for (var i = 200; i < Math.Min(garbage.Length - 16, 4000); i++)
        {
            garbage[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, garbage);
        Assert.Throws<MeijuDataException>(() => Trainer.Run(config, Options(data, "r", resume: true)));
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

        var other = config with { Model = config.Model with { Hidden = 32 } };
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
        var other = config with { Model = config.Model with { Hidden = 32 } };
        other.Save(Path.Combine(data.RunDir("m"), "config.json"));
        var ex = Assert.Throws<MeijuDataException>(() => TrainedModel.Load(data.RunDir("m"), cpu: true));
        Assert.EndsWith("best_stage1.bin", ex.FilePath);
    }

    [Fact]
    public void Malformed_config_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "meiju-bad-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        File.WriteAllText(path, "{ \"features\": [ { \"modality\": \"X\", \"name\": \"a\", \"dim\": 3 } ] }");
        try
        {
            var ex = Assert.Throws<MeijuDataException>(() => TrainingConfig.Load(path));
            Assert.Equal(path, ex.FilePath);
            Assert.Contains("modality", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
