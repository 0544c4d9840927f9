using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Model.Tests;

public class PresenceMaskTests
{
    private static Dictionary<string, Tensor> Features(MeijuModel model, int batch, long seed)
    {
        var gen = new Generator((ulong)seed);
        return model.TokenStreams.ToDictionary(s => s.Name, s => randn([batch, 5, model.Config.InputDim(s)], generator: gen));
    }

    private static Dictionary<string, Tensor> Presence(MeijuModel model, Func<string, bool[]> present) =>
        model.TokenStreams.ToDictionary(s => s.Name, s => tensor(present(s.Name)));

    [Theory]
    [InlineData("baseline")]
    [InlineData("baseline-pretrain")]
    public void AllPresentGivesTheUnmaskedOutput(string config)
    {
        using var scope = NewDisposeScope();
        var model = MeijuModel.Create(ModelConfig.Load(config), 5);
        model.eval();
        var x = Features(model, 3, 1);
        using var _ = no_grad();
        var plain = model.Forward(new ModelBatch(x));
        var masked = model.Forward(new ModelBatch(x) { Presence = Presence(model, _ => [true, true, true]) });
        foreach (var (name, logits) in plain.Logits)
        {
            Assert.True(logits.allclose(masked.Logits[name], 1e-6, 1e-6), name);
        }
    }

    [Theory]
    [InlineData("baseline")]
    [InlineData("baseline-pretrain")]
    public void MaskedStreamFeaturesDoNotReachThePrediction(string config)
    {
        using var scope = NewDisposeScope();
        var model = MeijuModel.Create(ModelConfig.Load(config), 5);
        model.eval();
        var masked = model.TokenStreams[0].Name;
        var presence = Presence(model, n => n == masked ? [false, true] : [true, true]);
        var a = Features(model, 2, 1);
        var b = new Dictionary<string, Tensor>(a) { [masked] = a[masked] * 10 + 3 };
        using var _ = no_grad();
        var outA = model.Forward(new ModelBatch(a) { Presence = presence });
        var outB = model.Forward(new ModelBatch(b) { Presence = presence });

        // Row 0 has the stream masked: its output must not move; row 1 has it present: its output must move.
        Assert.True(outA.Emotion[0].allclose(outB.Emotion[0], 1e-5, 1e-5));
        Assert.True(outA.Intent[0].allclose(outB.Intent[0], 1e-5, 1e-5));
        Assert.False(outA.Emotion[1].allclose(outB.Emotion[1], 1e-5, 1e-5));
    }

    [Fact]
    public void AnItemWithNoModalityStillGetsFiniteLogits()
    {
        using var scope = NewDisposeScope();
        var model = MeijuModel.Create(ModelConfig.Load("baseline"), 5);
        model.eval();
        using var _ = no_grad();
        var output = model.Forward(new ModelBatch(Features(model, 2, 2)) { Presence = Presence(model, _ => [false, true]) });
        Assert.True(output.Emotion.isfinite().all().item<bool>());
        Assert.True(output.Intent.isfinite().all().item<bool>());
    }
}
