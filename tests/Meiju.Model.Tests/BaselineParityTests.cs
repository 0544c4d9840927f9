using Meiju.Tests;
using static TorchSharp.torch;

namespace Meiju.Model.Tests;

/// <summary>The baseline configurations against the official PyTorch baseline's fixture (weights, inputs, outputs).</summary>
public class BaselineParityTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void BaselineParameterCountsAreExact()
    {
        using var stage2 = MeijuModel.Create(ModelConfig.Load("baseline"));
        using var stage1 = MeijuModel.Create(ModelConfig.Load("baseline-pretrain"));
        Assert.Equal(4_691_870, stage2.ParameterCount);
        Assert.Equal(4_311_631, stage1.ParameterCount);
    }

    [Fact]
    public void PerNetworkParameterCountsMatchTheReference()
    {
        using var model = MeijuModel.Create(ModelConfig.Load("baseline"));
        long Count(string net) => model.SubNetwork(net).parameters().Sum(p => p.numel());
        Assert.Equal(328_704, Count("netEmoA"));
        Assert.Equal(241_664, Count("netEmoV"));
        Assert.Equal(934_400, Count("netEmoL"));
        Assert.Equal(593_024, Count("netEmoFusion"));
        Assert.Equal(132_096, Count("netEmo_Int_interaction"));
        Assert.Equal(57_991, Count("netEmoC"));
        Assert.Equal(58_056, Count("netIntCF"));
    }

    [SharedDataFact("reference/baseline-fixture/keys.txt")]
    public void StateDictKeysAreTheBaselineKeysInOrder()
    {
        using var stage2 = MeijuModel.Create(ModelConfig.Load("baseline"));
        Assert.Equal(Fixture.Keys(Fixture.Root), stage2.state_dict().Keys.ToList());
        using var stage1 = MeijuModel.Create(ModelConfig.Load("baseline-pretrain"));
        Assert.Equal(Fixture.Keys(Fixture.Pretrain), stage1.state_dict().Keys.ToList());
    }

    [SharedDataFact("reference/baseline-fixture/keys.txt")]
    public void Stage2ReproducesTheBaselineLogitsAndIntermediates()
    {
        using var scope = NewDisposeScope();
        using var model = ModelCheckpoint.Import(Fixture.Root, ModelConfig.Load("baseline"));
        ModelOutput output;
        using (no_grad())
        {
            output = model.Forward(Fixture.Inputs(), captureIntermediates: true);
        }

        foreach (var name in new[] { "emo_logits", "int_logits", "emo_logits_fusion", "int_logits_fusion" })
        {
            var diff = Fixture.MaxAbsDiff(output.Logits[name], Fixture.Load(Path.Combine(Fixture.Root, $"out_{name}.npy")));
            Assert.True(diff <= Tolerance, $"{name}: max |diff| = {diff:E2}");
        }

        var compared = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Fixture.Root, "intermediates"), "*.npy"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            Assert.True(output.Intermediates.ContainsKey(name), $"no intermediate '{name}'");
            var diff = Fixture.MaxAbsDiff(output.Intermediates[name], Fixture.Load(file));
            Assert.True(diff <= Tolerance, $"{name}: max |diff| = {diff:E2}");
            compared++;
        }

        Assert.Equal(18, compared);
        var softmax = nn.functional.softmax(output.Emotion, -1);
        Assert.True(Fixture.MaxAbsDiff(softmax, Fixture.Load(Path.Combine(Fixture.Root, "out_emo_pred.npy"))) <= Tolerance);
    }

    [SharedDataFact("reference/baseline-fixture/pretrain/keys.txt")]
    public void Stage1ReproducesTheBaselinePretrainLogits()
    {
        using var scope = NewDisposeScope();
        using var model = ModelCheckpoint.Import(Fixture.Pretrain, ModelConfig.Load("baseline-pretrain"));
        ModelOutput output;
        using (no_grad())
        {
            output = model.Forward(Fixture.Inputs(), captureIntermediates: false);
        }

        Assert.Equal(ModelStage.Pretrain, output.Stage);
        foreach (var name in new[] { "emo_logits_fusion", "int_logits_fusion" })
        {
            var diff = Fixture.MaxAbsDiff(output.Logits[name], Fixture.Load(Path.Combine(Fixture.Pretrain, $"out_{name}.npy")));
            Assert.True(diff <= Tolerance, $"{name}: max |diff| = {diff:E2}");
        }

        Assert.Same(output.Logits["emo_logits_fusion"], output.Emotion);
    }
}
