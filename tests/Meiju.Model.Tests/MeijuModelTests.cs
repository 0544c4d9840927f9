using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Model.Tests;

public class MeijuModelTests
{
    private static ModelBatch RandomBatch(MeijuModel model, int batch, int steps, int extraZeroSteps = 0, long seed = 3)
    {
        var gen = new Generator((ulong)seed);
        var features = new Dictionary<string, Tensor>();
        var lengths = new Dictionary<string, Tensor>();
        foreach (var s in model.TokenStreams)
        {
            var x = randn([batch, steps, model.Config.InputDim(s)], generator: gen);
            // Sample 1 is shorter: its tail is zero padding.
            x.narrow(0, 1, 1).narrow(1, steps - 2, 2).zero_();
            if (extraZeroSteps > 0)
            {
                x = cat([x, zeros(batch, extraZeroSteps, model.Config.InputDim(s))], 1);
            }

            features[s.Name] = x;
            lengths[s.Name] = tensor(new long[] { steps, steps - 2 });
        }

        return new ModelBatch(features, lengths);
    }

    [Theory]
    [InlineData("V", 1)]
    [InlineData("A", 1)]
    [InlineData("T", 1)]
    [InlineData("VA", 2)]
    [InlineData("VT", 2)]
    [InlineData("AT", 2)]
    [InlineData("VAT", 3)]
    public void AnyModalitySubsetBuildsFromConfigurationAlone(string modalities, int tokens)
    {
        using var scope = NewDisposeScope();
        using var model = MeijuModel.Create(ModelConfig.Load("baseline").WithModalities(modalities));
        model.eval();
        Assert.Equal(tokens, model.TokenStreams.Count);
        Assert.Equal(tokens * 128L, model.state_dict()["netEmoC.module.0.weight"].shape[1]);
        using (no_grad())
        {
            var output = model.Forward(RandomBatch(model, batch: 2, steps: 6), captureIntermediates: false);
            Assert.Equal([2L, 7], output.Emotion.shape);
            Assert.Equal([2L, 8], output.Intent.shape);
            Assert.Equal([2L, 7], output.EmotionAuxiliary!.shape);
            Assert.False(output.Emotion.isnan().any().item<bool>());
        }

        var missing = "VAT".Except(modalities).Select(m => m == 'T' ? "L" : m.ToString());
        foreach (var m in missing)
        {
            Assert.DoesNotContain($"netEmo{m}", model.SubNetworkNames);
        }
    }

    [Fact]
    public void SeedConfigurationHasSevenTokensTwoFusionLayersAndTheJointModule()
    {
        using var scope = NewDisposeScope();
        using var model = MeijuModel.Create(ModelConfig.Load("seed"));
        Assert.Equal(7, model.TokenStreams.Count);
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Contains("netEmoFusion.layers.1.self_attn.in_proj_weight", keys);
        Assert.Contains("netEmo_Int_interaction.hence_attention.in_proj_weight", keys);
        Assert.Contains("netIntL_audio.conv3.weight", keys);
        Assert.Contains("netEmoV_clip.rnn.weight_ih_l0", keys);
        Assert.Equal(["V", "V", "A", "A", "T", "T", "T"], model.TokenStreams.Select(s => s.Modality));
    }

    [Fact]
    public void WithPaddingMasksZeroPaddingDoesNotChangeTheOutputs()
    {
        using var scope = NewDisposeScope();
        using var model = MeijuModel.Create(ModelConfig.Load("seed"), seed: 5);
        model.eval();
        using var _ = no_grad();
        var plain = model.Forward(RandomBatch(model, 2, 6), false);
        var padded = model.Forward(RandomBatch(model, 2, 6, extraZeroSteps: 7), false);
        foreach (var name in plain.Logits.Keys)
        {
            var diff = (plain.Logits[name] - padded.Logits[name]).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"{name}: {diff}");
        }
    }

    [Fact]
    public void WithoutMasksPaddingChangesTheOutputsAsInTheBaseline()
    {
        using var scope = NewDisposeScope();
        using var model = MeijuModel.Create(ModelConfig.Load("baseline"), seed: 5);
        model.eval();
        using var _ = no_grad();
        var plain = model.Forward(RandomBatch(model, 2, 6), false);
        var padded = model.Forward(RandomBatch(model, 2, 6, extraZeroSteps: 7), false);
        var diff = (plain.Emotion - padded.Emotion).abs().max().item<float>();
        Assert.True(diff > 1e-6, $"padding had no effect ({diff}); the baseline preset must not mask");
    }

    [Theory]
    [InlineData(SequencePooling.Max)]
    [InlineData(SequencePooling.Last)]
    [InlineData(SequencePooling.Mean)]
    public void LstmPoolingWithLengthsEqualsRunningTheUnpaddedSequence(SequencePooling pooling)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        using var encoder = new LstmSequenceEncoder(5, 4, pooling);
        var x = randn(1, 3, 5);
        var padded = cat([x, zeros(1, 4, 5)], 1);
        var expected = encoder.forward(x);
        var actual = encoder.Forward(padded, tensor(new long[] { 3 }));
        Assert.True((expected - actual).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void TextCnnAcceptsTextShorterThanItsLargestKernel()
    {
        using var scope = NewDisposeScope();
        using var encoder = new TextCnnEncoder(8, 6, [2, 3, 4]);
        encoder.eval();
        var y = encoder.forward(randn(3, 2, 8));
        Assert.Equal([3L, 6], y.shape);
    }

    [Fact]
    public void AnEncoderNarrowerThanTheTokensGetsAProjector()
    {
        using var scope = NewDisposeScope();
        var config = ModelConfig.Load("baseline").WithModalities("AT");
        config.Streams.Single(s => s.Name == "A").Encoder.Hidden = 64;
        config.Streams.Single(s => s.Name == "L").Project = true;
        using var model = MeijuModel.Create(config, seed: 2);
        var keys = model.state_dict();
        Assert.Equal([128L, 64], keys["netEmoAProj.proj.weight"].shape);
        Assert.Equal([128L, 128], keys["netIntLProj.proj.weight"].shape);
        Assert.Contains("netEmoAProj", model.PretrainedSubNetworkNames);
        model.eval();
        using var _ = no_grad();
        var output = model.Forward(RandomBatch(model, 2, 5), captureIntermediates: true);
        Assert.Equal([2L, 64], output.Intermediates["netEmoA"].shape);
        Assert.Equal([2L, 128], output.Intermediates["netEmoAProj"].shape);
        Assert.Equal([2L, 8], output.Intent.shape);
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeights()
    {
        using var a = MeijuModel.Create(ModelConfig.Load("baseline-pretrain"), seed: 11);
        using var b = MeijuModel.Create(ModelConfig.Load("baseline-pretrain"), seed: 11);
        using var c = MeijuModel.Create(ModelConfig.Load("baseline-pretrain"), seed: 12);
        var key = "netEmoA.rnn.weight_ih_l0";
        Assert.True(a.state_dict()[key].Same(b.state_dict()[key]));
        Assert.False(a.state_dict()[key].Same(c.state_dict()[key]));
    }

    [Fact]
    public void Stage2StartsFromStage1EncodersAndFreezesThem()
    {
        using var scope = NewDisposeScope();
        using var stage1 = MeijuModel.Create(ModelConfig.Load("baseline-pretrain"), seed: 1);
        using var stage2 = MeijuModel.Create(ModelConfig.Load("baseline"), seed: 2);
        stage2.InitializeFromPretrained(stage1);
        Assert.True(stage1.state_dict()["netIntFusion.layers.0.linear1.weight"].Same(stage2.state_dict()["netIntFusion.layers.0.linear1.weight"]));
        Assert.False(stage1.state_dict()["netEmoCF.fc_out.weight"].Same(stage2.state_dict()["netEmoCF.fc_out.weight"]));

        var frozen = stage2.FreezeClassifiers();
        Assert.Equal(["netEmoA", "netIntA", "netEmoL", "netIntL", "netEmoV", "netIntV", "netEmoFusion", "netIntFusion"], frozen);
        var groups = stage2.ParameterGroups().ToDictionary(g => g.Name, g => g.Parameters);
        Assert.Equal(stage2.SubNetworkNames, groups.Keys);
        Assert.All(groups["netEmoA"], p => Assert.False(p.requires_grad));
        Assert.All(groups["netEmo_Int_interaction"], p => Assert.True(p.requires_grad));
        Assert.All(groups["netIntC"], p => Assert.True(p.requires_grad));

        // A training step leaves frozen weights alone and moves the joint module.
        var before = stage2.state_dict()["netEmoA.rnn.weight_ih_l0"].clone();
        var jointBefore = stage2.state_dict()["netEmo_Int_interaction.inter_attention.in_proj_weight"].clone();
        var optimizer = optim.Adam(stage2.parameters().Where(p => p.requires_grad), lr: 1e-2);
        stage2.train();
        var batch = RandomBatch(stage2, 2, 5);
        var output = stage2.Forward(batch, false);
        var loss = nn.functional.cross_entropy(output.Emotion, tensor(new long[] { 1, 2 })) + nn.functional.cross_entropy(output.Intent, tensor(new long[] { 0, 3 }));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        Assert.True(before.Same(stage2.state_dict()["netEmoA.rnn.weight_ih_l0"]));
        Assert.False(jointBefore.Same(stage2.state_dict()["netEmo_Int_interaction.inter_attention.in_proj_weight"]));

        stage2.Unfreeze();
        Assert.All(stage2.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void DropoutActsInTrainingModeOnly()
    {
        using var scope = NewDisposeScope();
        using var model = MeijuModel.Create(ModelConfig.Load("baseline"), seed: 3);
        var batch = RandomBatch(model, 2, 5);
        using var _ = no_grad();
        model.train();
        var t1 = model.Forward(batch, false).Emotion;
        var t2 = model.Forward(batch, false).Emotion;
        model.eval();
        var e1 = model.Forward(batch, false).Emotion;
        var e2 = model.Forward(batch, false).Emotion;
        Assert.False(t1.Same(t2));
        Assert.True(e1.Same(e2));
    }

    [Fact]
    public void AMissingOrMisshapedStreamIsAClearError()
    {
        using var scope = NewDisposeScope();
        using var model = MeijuModel.Create(ModelConfig.Load("baseline"));
        var e = Assert.Throws<ArgumentException>(() => model.Forward(new ModelBatch(new Dictionary<string, Tensor> { ["A"] = zeros(1, 4, 512) })));
        Assert.Contains("no features for stream", e.Message, StringComparison.Ordinal);
        var f = Assert.Throws<ArgumentException>(() => model.Forward(new ModelBatch(new Dictionary<string, Tensor>
        {
            ["A"] = zeros(1, 4, 512), ["V"] = zeros(1, 4, 100), ["L"] = zeros(1, 4, 768),
        })));
        Assert.Contains("expects features [B, T, 342]", f.Message, StringComparison.Ordinal);
    }
}
