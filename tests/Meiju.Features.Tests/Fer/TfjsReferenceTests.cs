using System.Text.Json;
using Meiju.Features.Fer;

namespace Meiju.Features.Tests.Fer;

/// <summary>
/// The C# graph runner against TensorFlow.js's own outputs for the same network and inputs
/// (tfjs-reference.json, made by scripts/fixtures/fer-tfjs-reference.mjs).
/// </summary>
public class TfjsReferenceTests
{
    private static float[] Input(string kind)
    {
        var x = new float[64 * 64];
        for (var y = 0; y < 64; y++)
        {
            for (var c = 0; c < 64; c++)
            {
                x[(y * 64) + c] = kind switch
                {
                    "sine" => (float)(Math.Sin(0.37 * c) * Math.Cos(0.23 * y)),
                    "ramp" => ((c + y) / 63f) - 1f,
                    _ => ((((c >> 3) + (y >> 3)) % 2) * 2) - 1,
                };
            }
        }

        return x;
    }

    [NeedsFerModelFact]
    public void The_onnx_runtime_path_is_used()
    {
        Assert.True(FerNetwork.Shared().UsesOnnxRuntime);
    }

    [NeedsFerModelFact]
    public void Onnx_runtime_posteriors_and_penultimate_features_match_tfjs() => Check(useGraphRunner: false);

    [NeedsFerModelFact]
    public void Graph_runner_posteriors_and_penultimate_features_match_tfjs() => Check(useGraphRunner: true);

    private static void Check(bool useGraphRunner)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fer", "tfjs-reference.json")));
        var network = FerNetwork.Shared();
        var checkedCases = 0;
        foreach (var expected in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var kind = expected.GetProperty("input").GetString()!;
            var map = new FeatureMap(64, 64, 1, Input(kind));
            var actual = useGraphRunner ? network.PredictWithGraphRunner(map) : network.Predict(map);
            var posteriors = expected.GetProperty("posteriors").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            for (var i = 0; i < 7; i++)
            {
                Assert.True(Math.Abs(posteriors[i] - actual.Posteriors[i]) < 1e-4, $"{kind} class {i}: tfjs {posteriors[i]} vs C# {actual.Posteriors[i]}");
            }

            var penultimate = expected.GetProperty("penultimate_first8").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            for (var i = 0; i < penultimate.Length; i++)
            {
                Assert.True(Math.Abs(penultimate[i] - actual.Penultimate[i]) < 1e-3 * Math.Max(1, Math.Abs(penultimate[i])), $"{kind} feature {i}: tfjs {penultimate[i]} vs C# {actual.Penultimate[i]}");
            }

            checkedCases++;
        }

        Assert.Equal(3, checkedCases);
    }
}
