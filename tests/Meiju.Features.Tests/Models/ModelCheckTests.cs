using Meiju.Features.Models;
using Meiju.Features.Tests.Onnx;

namespace Meiju.Features.Tests.Models;

/// <summary>
/// <see cref="ModelCheck"/> on a one-node audio model ([1, N] → [1, N, 1]): a good entry gives its signature, feature
/// shape and time; each kind of broken entry gives one line naming the entry and the field to fix.
/// </summary>
public sealed class ModelCheckTests : IDisposable
{
    private const string Good = """
        "name": "tiny", "kind": "audio", "file": "tiny.onnx", "inputs": { "waveform": "input_values" },
        "output": "last_hidden_state", "outputDim": 1, "audio": { "normalize": false }
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-model-check-");

    public ModelCheckTests() =>
        File.WriteAllBytes(Path.Combine(_dir.FullName, "tiny.onnx"), TinyOnnx.UnsqueezeLastAxis("input_values", "last_hidden_state"));

    public void Dispose() => _dir.Delete(true);

    private ModelCheckResult CheckOne(string entry)
    {
        var path = Path.Combine(_dir.FullName, $"m{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{ "models": [ { {{entry}} } ] }""");
        return Assert.Single(ModelCheck.Run(ModelManifest.Load(path), new ModelCheckOptions { Runs = 1, AudioSeconds = 0.5 }));
    }

    [Fact]
    public void A_good_entry_reports_its_signature_features_and_time()
    {
        var result = CheckOne(Good);
        Assert.True(result.Ok, result.Problem);
        Assert.Equal("input_values float32[1,n]", Assert.Single(result.Inputs).ToString());
        Assert.Equal("last_hidden_state", Assert.Single(result.Outputs).Name);
        Assert.Equal([8000, 1], result.FeatureShape);
        Assert.Equal("0.5 s of audio", result.Probe);
        Assert.True(result.MillisecondsPerCall > 0);
        Assert.Equal(2 * result.MillisecondsPerCall, result.MillisecondsPerUnit, 6);
    }

    [Theory]
    [InlineData("\"file\": \"tiny.onnx\"", "\"file\": \"missing.onnx\"", "'file' not found")]
    [InlineData("\"waveform\": \"input_values\"", "\"waveform\": \"wave\"", "'inputs.waveform' is 'wave', but the model's inputs are: input_values")]
    [InlineData("\"output\": \"last_hidden_state\"", "\"output\": \"hidden\"", "'output' names 'hidden', but the model's outputs are: last_hidden_state")]
    [InlineData("\"outputDim\": 1", "\"outputDim\": 768", "'outputDim' is 768, but output 'last_hidden_state' is [1,n,1] (D = 1)")]
    [InlineData("\"output\": \"last_hidden_state\"", "\"outputs\": [\"last_hidden_state\", \"h2\"], \"combine\": \"sum\"", "'outputs' names 'h2'")]
    [InlineData("\"inputs\": { \"waveform\": \"input_values\" }", "\"inputs\": { \"waveform\": \"input_values\", \"pixels\": \"x\" }", "'inputs.pixels' is not an input role of audio models")]
    public void Each_broken_entry_is_one_line_naming_the_field(string from, string to, string expected)
    {
        var result = CheckOne(Good.Replace(from, to, StringComparison.Ordinal));
        Assert.False(result.Ok);
        Assert.StartsWith("model 'tiny'", result.Problem, StringComparison.Ordinal);
        Assert.True(result.Problem!.Contains(expected, StringComparison.Ordinal), result.Problem);
        Assert.DoesNotContain('\n', result.Problem!);
    }

    [Fact]
    public void A_wrong_input_type_names_the_role_and_both_types()
    {
        // A text entry feeds int64 token ids; this model's input is float32 samples.
        var result = CheckOne("""
            "name": "tiny", "kind": "text", "file": "tiny.onnx", "inputs": { "input_ids": "input_values" },
            "output": "last_hidden_state", "outputDim": 1, "text": { "vocab": "vocab.txt" }
            """);
        Assert.Equal("model 'tiny': 'inputs.input_ids': the model's input 'input_values' is float32, but Meiju feeds int64; re-export it with int64 input", result.Problem);
    }

    [Fact]
    public void A_file_onnx_runtime_cannot_load_is_named()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "tiny.onnx"), "not a model");
        var result = CheckOne(Good);
        Assert.Contains("model 'tiny': 'file' is not a model ONNX Runtime can load", result.Problem, StringComparison.Ordinal);
    }
}
