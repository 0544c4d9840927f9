using static TorchSharp.torch;

namespace Meiju.Model.Tests;

public class PoolEncoderTests
{
    [Fact]
    public void Masked_mean_of_tokens_equals_the_encoding_of_the_precomputed_mean()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var encoder = new PoolEncoder(6, 5);
        encoder.eval();
        var tokens = randn(2, 4, 6);
        var lengths = tensor(new long[] { 4, 2 });
        // Padding past each length must not count: poison it.
        tokens[1, 2..] = full(2, 6, 100f);
        var fromTokens = encoder.Forward(tokens, lengths);
        var means = stack([tokens[0].mean([0]), tokens[1, ..2].mean([0])]).unsqueeze(1);
        var fromMeans = encoder.Forward(means, tensor(new long[] { 1, 1 }));
        Assert.True(allclose(fromTokens, fromMeans, 1e-5, 1e-6), "pool over tokens ≠ pool over precomputed means");
        Assert.Equal(new long[] { 2, 5 }, fromTokens.shape);
    }

    [Fact]
    public void Config_accepts_the_pool_encoder_and_the_model_runs_it()
    {
        var config = ModelConfig.Parse(
            """
            {
              "name": "pool", "stage": "pretrain", "modalities": ["T"], "emotionClasses": 7, "intentClasses": 4, "hidden": 16,
              "paddingMasks": true,
              "streams": [ { "name": "L", "modality": "T", "feature": "minilm_mean", "inputDim": 8, "encoder": { "type": "pool", "hidden": 16, "dropout": 0.1 } } ],
              "tokenOrder": ["L"],
              "fusion": { "layers": 1, "heads": 2, "ffn": 32 },
              "classifier": { "layers": [16, 8] }
            }
            """,
            "pool");
        using var model = MeijuModel.Create(config, seed: 1);
        model.eval();
        using var scope = NewDisposeScope();
        var output = model.forward(new ModelBatch(new Dictionary<string, Tensor> { ["L"] = randn(3, 5, 8) }, new Dictionary<string, Tensor> { ["L"] = tensor(new long[] { 5, 1, 3 }) }));
        Assert.Equal(new long[] { 3, 7 }, output.Emotion.shape);
        Assert.Equal(new long[] { 3, 4 }, output.Intent.shape);
    }
}
