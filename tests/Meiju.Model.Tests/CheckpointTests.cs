using Meiju.IO;
using Meiju.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Model.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "meiju-ckpt-" + Guid.NewGuid().ToString("N")[..8]);

    public CheckpointTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ModelBatch Batch(MeijuModel model)
    {
        var gen = new Generator(7);
        return new ModelBatch(model.TokenStreams.ToDictionary(s => s.Name, s => randn([2, 5, model.Config.InputDim(s)], generator: gen)));
    }

    private static void AssertSameOutputs(MeijuModel a, MeijuModel b)
    {
        a.eval();
        b.eval();
        using var _ = no_grad();
        var batch = Batch(a);
        var x = a.Forward(batch, false);
        var y = b.Forward(batch, false);
        Assert.Equal(x.Logits.Keys.Order(), y.Logits.Keys.Order());
        foreach (var k in x.Logits.Keys)
        {
            Assert.True(x.Logits[k].Same(y.Logits[k]), k);
        }
    }

    [Fact]
    public void ModelFolderRoundTrips()
    {
        using var scope = NewDisposeScope();
        using var model = MeijuModel.Create(ModelConfig.Load("baseline-pretrain").WithModalities("AT"), seed: 4);
        model.Save(Path.Combine(_dir, "m"));
        using var loaded = MeijuModel.Load(Path.Combine(_dir, "m"));
        Assert.Equal(model.Config.ToJson(), loaded.Config.ToJson());
        AssertSameOutputs(model, loaded);
    }

    [Theory]
    [InlineData("model.pt")]
    [InlineData("model.safetensors")]
    [InlineData("pth-folder")]
    public void PyTorchFormatsRoundTrip(string target)
    {
        using var scope = NewDisposeScope();
        var config = ModelConfig.Load("baseline");
        using var model = MeijuModel.Create(config, seed: 9);
        var path = Path.Combine(_dir, target);
        switch (Path.GetExtension(target))
        {
            case ".pt":
                ModelCheckpoint.ExportPyTorch(model, path);
                break;
            case ".safetensors":
                ModelCheckpoint.ExportSafetensors(model, path);
                break;
            default:
                ModelCheckpoint.ExportBaselinePth(model, path, epoch: "7");
                Assert.True(File.Exists(Path.Combine(path, "7_net_Emo_Int_interaction.pth")));
                Assert.Equal(14, Directory.GetFiles(path, "7_net_*.pth").Length);
                break;
        }

        using var imported = ModelCheckpoint.Import(path, config);
        AssertSameOutputs(model, imported);
    }

    [Fact]
    public void ABaselinePthFolderWithSeveralEpochsNeedsAChoice()
    {
        using var scope = NewDisposeScope();
        var config = ModelConfig.Load("baseline-pretrain");
        using var a = MeijuModel.Create(config, seed: 1);
        using var b = MeijuModel.Create(config, seed: 2);
        ModelCheckpoint.ExportBaselinePth(a, _dir, "3");
        ModelCheckpoint.ExportBaselinePth(b, _dir, "8");
        var e = Assert.Throws<MeijuDataException>(() => ModelCheckpoint.Import(_dir, config));
        Assert.Contains("several epochs (3, 8)", e.Message, StringComparison.Ordinal);
        using var chosen = ModelCheckpoint.Import(_dir, config, epoch: "8");
        AssertSameOutputs(b, chosen);
    }

    [SharedDataFact("reference/baseline-fixture/keys.txt")]
    public void ImportSaveLoadAndForwardReproduceTheFixtureFiles()
    {
        // What `meiju checkpoint import` + `meiju forward` do, through the same library calls.
        using (var model = ModelCheckpoint.Import(Fixture.Root, ModelConfig.Load("baseline")))
        {
            model.Save(Path.Combine(_dir, "model"));
        }

        using var loaded = MeijuModel.Load(Path.Combine(_dir, "model"));
        var written = ForwardRunner.Run(loaded, Fixture.Root, Path.Combine(_dir, "out"));
        foreach (var name in new[] { "out_emo_logits", "out_int_logits", "out_emo_logits_fusion", "out_int_logits_fusion", "out_emo_pred", "out_int_pred" })
        {
            var path = Path.Combine(_dir, "out", name + ".npy");
            Assert.Contains(path, written);
            var ours = NpyFile.Read(path);
            var theirs = NpyFile.Read(Path.Combine(Fixture.Root, name + ".npy"));
            Assert.Equal(theirs.Shape, ours.Shape);
            var diff = ours.Data.Zip(theirs.Data, (x, y) => Math.Abs(x - y)).Max();
            Assert.True(diff <= 1e-4, $"{name}: {diff}");
        }
    }

    [Fact]
    public void AMissingKeyNamesTheKeyAndNothingIsWritten()
    {
        using var scope = NewDisposeScope();
        var config = ModelConfig.Load("baseline-pretrain");
        using var model = MeijuModel.Create(config, seed: 1);
        var weights = Path.Combine(_dir, "npy");
        foreach (var (key, t) in model.state_dict())
        {
            NpyFile.Write(Path.Combine(weights, key + ".npy"), new NpyArray(t.shape.Select(d => (int)d).ToArray(), t.contiguous().data<float>().ToArray()));
        }

        using (var ok = ModelCheckpoint.Import(weights, config))
        {
            AssertSameOutputs(model, ok);
        }

        File.Delete(Path.Combine(weights, "netIntCF.fc_out.bias.npy"));
        var e = Assert.Throws<MeijuDataException>(() => ModelCheckpoint.Import(weights, config));
        Assert.Contains("missing key 'netIntCF.fc_out.bias'", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(weights, e.Message, StringComparison.Ordinal);

        // Mismatched stage: the pretrain weights lack the joint module.
        var f = Assert.Throws<MeijuDataException>(() => ModelCheckpoint.Import(weights, ModelConfig.Load("baseline")));
        Assert.Contains("missing key", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongShapeNamesTheFileAndKey()
    {
        using var scope = NewDisposeScope();
        var config = ModelConfig.Load("baseline-pretrain");
        using var model = MeijuModel.Create(config, seed: 1);
        var weights = Path.Combine(_dir, "npy");
        foreach (var (key, t) in model.state_dict())
        {
            var shape = key == "netEmoV.rnn.weight_ih_l0" ? new[] { 512, 300 } : t.shape.Select(d => (int)d).ToArray();
            NpyFile.Write(Path.Combine(weights, key + ".npy"), new NpyArray(shape, new float[shape.Aggregate(1, (a, b) => a * b)]));
        }

        var e = Assert.Throws<MeijuDataException>(() => ModelCheckpoint.Import(weights, config));
        Assert.Contains("netEmoV.rnn.weight_ih_l0.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains("has shape [512, 300], the model expects [512, 342]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnexpectedKeyIsReported()
    {
        using var scope = NewDisposeScope();
        var config = ModelConfig.Load("baseline");
        using var model = MeijuModel.Create(config, seed: 1);
        var path = Path.Combine(_dir, "m.pt");
        ModelCheckpoint.ExportPyTorch(model, path);
        var e = Assert.Throws<MeijuDataException>(() => ModelCheckpoint.Import(path, config.WithStage(ModelStage.Pretrain)));
        Assert.Contains("unexpected key 'net", e.Message, StringComparison.Ordinal);
        Assert.Contains("wrong configuration or stage", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.pt")]
    [InlineData("model.safetensors")]
    public void ATruncatedFileIsAClearErrorAndTheModelFolderIsKept(string name)
    {
        using var scope = NewDisposeScope();
        var config = ModelConfig.Load("baseline-pretrain");
        using var model = MeijuModel.Create(config, seed: 1);
        var path = Path.Combine(_dir, name);
        if (name.EndsWith(".pt", StringComparison.Ordinal))
        {
            ModelCheckpoint.ExportPyTorch(model, path);
        }
        else
        {
            ModelCheckpoint.ExportSafetensors(model, path);
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var existing = Path.Combine(_dir, "existing");
        model.Save(existing);
        var before = File.ReadAllBytes(Path.Combine(existing, ModelCheckpoint.WeightsFileName));

        var e = Assert.Throws<MeijuDataException>(() => ModelCheckpoint.Import(path, config));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(existing, ModelCheckpoint.WeightsFileName)));
    }

    [Fact]
    public void ATruncatedModelFolderIsAClearError()
    {
        using var scope = NewDisposeScope();
        using var model = MeijuModel.Create(ModelConfig.Load("baseline-pretrain"), seed: 1);
        var folder = Path.Combine(_dir, "m");
        model.Save(folder);
        var weights = Path.Combine(folder, ModelCheckpoint.WeightsFileName);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<MeijuDataException>(() => MeijuModel.Load(folder));
        Assert.Contains("truncated safetensors file", e.Message, StringComparison.Ordinal);
        Assert.Contains("key '", e.Message, StringComparison.Ordinal);
    }
}
