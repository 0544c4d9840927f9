using System.Text.Json.Nodes;
using Meiju.Model;
using Meiju.Tests;

namespace Meiju.Training.Tests;

public class ConfigTests
{
    [Theory]
    [InlineData("baseline.json", TrainingRecipe.Baseline, "baseline")]
    [InlineData("seed.json", TrainingRecipe.Paper, "seed")]
    public void Shipped_training_configs_load(string file, TrainingRecipe recipe, string model)
    {
        var config = TrainingConfig.Load(Path.Combine(SharedData.RepoRoot, "configs", "training", file));
        Assert.Equal(recipe, config.Training.Recipe);
        Assert.Equal(model, config.Model.Name);
        Assert.True(config.Joint);
        Assert.Equal(60, config.Training.Stage1.Epochs);
        Assert.Equal(60, config.Training.Stage2.Epochs);
    }

    [Fact]
    public void A_model_config_name_or_file_trains_with_the_baseline_recipe()
    {
        var byName = TrainingConfig.Load("baseline");
        Assert.Equal(new TrainingOptions(), byName.Training);
        var path = Path.Combine(SharedData.RepoRoot, "configs", "baseline.json");
        var byFile = TrainingConfig.Load(path);
        Assert.Equal(Checkpoint.Fingerprint(byName, 1), Checkpoint.Fingerprint(byFile, 1));
    }

    [Fact]
    public void File_form_round_trips_with_the_same_fingerprint()
    {
        var config = SyntheticRun.Config() with { Training = SyntheticRun.Config().Training with { WeightDecay = 0.01, AuxLoss = AuxiliaryLoss.PerSample } };
        var again = TrainingConfig.FromJson((JsonObject)JsonNode.Parse(config.ToJson())!, "round-trip");
        Assert.Equal(config.Training, again.Training);
        Assert.Equal(Checkpoint.Fingerprint(config, 3), Checkpoint.Fingerprint(again, 3));
        Assert.NotEqual(Checkpoint.Fingerprint(config, 3), Checkpoint.Fingerprint(config, 4));
    }

    [Fact]
    public void Subsets_and_joint_switch_change_the_model()
    {
        var config = TrainingConfig.Load("baseline");
        var vt = config.WithModalities("VT").WithJoint(false);
        Assert.False(vt.Joint);
        Assert.Equal(["V", "L"], TrainingStream.Of(vt.Model).Select(s => s.Name));
        Assert.Equal(["V", "A", "L"], TrainingStream.Of(config.Model).Select(s => s.Name));
        Assert.Equal(4, TrainingStream.MinFrames(config.Model));
        Assert.Equal(1, TrainingStream.MinFrames(config.WithModalities("VA").Model));
        var e = config.WithEpochs(6).Training;
        Assert.Equal(new StageSchedule(2, 4), e.Stage1);
    }

    [Fact]
    public void Text_sources_other_than_the_subtitle_read_their_own_folder()
    {
        var seed = TrainingConfig.Load("seed");
        var folders = TrainingStream.Of(seed.Model).ToDictionary(s => s.Name, s => s.Folder);
        Assert.Equal("roberta", folders["L_subtitle"]);
        Assert.Equal("roberta@visual_description", folders["L_visual"]);
        Assert.Equal(ModelStage.Joint, seed.Model.ParsedStage);
    }

    private static string WriteConfig(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("meiju-config-").FullName, "config.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_key_given_twice_is_refused_not_last_one_wins()
    {
        var path = WriteConfig("""
            {
              "name": "dup",
              "model": "baseline",
              "training": { "learningRate": 0.0002, "batchSize": 16, "learningRate": 0.5 }
            }
            """);
        var e = Assert.Throws<MeijuDataException>(() => TrainingConfig.Load(path));
        Assert.Contains("learningRate", e.Message);
        Assert.Equal(4, e.Line);

        var top = WriteConfig("{ \"name\": \"a\",\n \"name\": \"b\", \"model\": \"baseline\" }");
        Assert.Equal(2, Assert.Throws<MeijuDataException>(() => TrainingConfig.Load(top)).Line);
    }

    [Fact]
    public void Errors_in_a_section_carry_the_files_own_line_number()
    {
        var training = WriteConfig("""
            {
              // a comment line
              "name": "lines",
              "model": "baseline",
              "training": {
                "batchSize": 16,
                "learningRate": "fast"
              }
            }
            """);
        var e = Assert.Throws<MeijuDataException>(() => TrainingConfig.Load(training));
        Assert.Equal(7, e.Line);
        Assert.Contains("learningRate", e.Message);

        var model = WriteConfig(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "configs", "baseline.json"))
            .Replace("\"name\"", "\"nmae\"", StringComparison.Ordinal));
        var inline = WriteConfig("{\n  \"name\": \"x\",\n  \"model\": {\n    \"streams\": [],\n    \"hidden\": \"wide\"\n  }\n}");
        Assert.Equal(5, Assert.Throws<MeijuDataException>(() => TrainingConfig.Load(inline)).Line);
        Assert.NotNull(Assert.Throws<MeijuDataException>(() => TrainingConfig.Load(model)).Line);
    }
}
