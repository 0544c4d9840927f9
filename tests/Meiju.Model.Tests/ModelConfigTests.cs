namespace Meiju.Model.Tests;

public class ModelConfigTests
{
    [Fact]
    public void BuiltInConfigurationsLoadByName()
    {
        Assert.Contains("baseline", ModelConfig.BuiltInNames);
        Assert.Contains("baseline-pretrain", ModelConfig.BuiltInNames);
        Assert.Contains("seed", ModelConfig.BuiltInNames);
        var baseline = ModelConfig.Load("baseline");
        Assert.Equal(ModelStage.Joint, baseline.ParsedStage);
        Assert.Equal(["V", "A", "L"], baseline.TokenStreams.Select(s => s.Name));
        Assert.Equal([342, 512, 768], baseline.TokenStreams.Select(baseline.InputDim));
        Assert.Equal(ModelStage.Pretrain, ModelConfig.Load("baseline-pretrain").ParsedStage);
    }

    [Fact]
    public void ConfigurationFilesInTheRepositoryMatchTheEmbeddedOnes()
    {
        var folder = Path.Combine(Meiju.Tests.SharedData.RepoRoot, "configs");
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            var fromFile = ModelConfig.Load(file);
            var embedded = ModelConfig.Load(Path.GetFileNameWithoutExtension(file));
            Assert.Equal(embedded.ToJson(), fromFile.ToJson());
        }
    }

    [Fact]
    public void UnknownFeatureIsAClearError()
    {
        var json = ModelConfig.Load("baseline").ToJson().Replace("\"wav2vec\"", "\"wav2vex\"", StringComparison.Ordinal);
        var e = Assert.Throws<MeijuDataException>(() => ModelConfig.Parse(json, "my.json"));
        Assert.Contains("my.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown feature 'wav2vex'", e.Message, StringComparison.Ordinal);
        Assert.Contains("wav2vec", e.Problem[e.Problem.IndexOf("known:", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredFeaturesAreAccepted()
    {
        var config = ModelConfig.Load("baseline").Clone();
        config.Streams[0].Feature = "my-audio";
        config.Features["my-audio"] = 40;
        config.Validate("test");
        Assert.Equal(40, config.InputDim(config.Streams[0]));
    }

    [Theory]
    [InlineData("\"lstm\"", "\"gru\"", "unknown encoder 'gru'")]
    [InlineData("\"max\"", "\"median\"", "unknown pooling 'median'")]
    [InlineData("\"joint\"", "\"stage3\"", "unknown stage 'stage3'")]
    [InlineData("\"heads\": 2", "\"heads\": 3", "heads >= 1 dividing hidden")]
    [InlineData("\"hidden\": 128,", "\"hidden\": 128, \"colour\": 1,", "colour")]
    public void InvalidConfigurationsNameTheProblem(string from, string to, string expected)
    {
        var json = ModelConfig.Load("baseline").ToJson();
        var index = json.IndexOf(from, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{from}' not in the baseline JSON");
        json = json[..index] + to + json[(index + from.Length)..];
        var e = Assert.Throws<MeijuDataException>(() => ModelConfig.Parse(json, "bad.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModalityIsRejected()
    {
        var e = Assert.Throws<MeijuDataException>(() => ModelConfig.Load("baseline").WithModalities("VX"));
        Assert.Contains("unknown modality 'X'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StageAndModalityCopiesLeaveTheOriginalAlone()
    {
        var baseline = ModelConfig.Load("baseline");
        var pretrain = baseline.WithStage(ModelStage.Pretrain);
        var audioText = baseline.WithModalities("AT");
        Assert.Equal(ModelStage.Joint, baseline.ParsedStage);
        Assert.Equal(ModelStage.Pretrain, pretrain.ParsedStage);
        Assert.Equal(["A", "L"], audioText.TokenStreams.Select(s => s.Name));
        Assert.Equal(3, baseline.TokenStreams.Count);
    }
}
