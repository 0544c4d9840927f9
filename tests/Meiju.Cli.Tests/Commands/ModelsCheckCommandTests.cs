using Meiju.Tests.Cli.Encoders;

namespace Meiju.Tests.Cli.Commands;

/// <summary>
/// <c>meiju models check</c> through the binary on the encoder fixtures (real torchvision/torchaudio exports): a
/// good manifest exits 0 with the table; a manifest of broken entries exits 1 with one stderr line per broken
/// entry naming it and its field; a misspelt field stops the manifest with one line (exit 2).
/// </summary>
public sealed class ModelsCheckCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-models-check-");

    public void Dispose() => _dir.Delete(true);

    private static string Fixture(string file) => Path.Combine(EncoderParityTests.Fixtures, file).Replace("\\", "/", StringComparison.Ordinal);

    private string Write(string json)
    {
        var path = Path.Combine(_dir.FullName, "models.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void The_fixture_manifest_checks_out_with_a_table()
    {
        var (code, stdout, stderr) = CliHarness.RunBinary("models", "check", Fixture("manifest.json"), "--runs", "1");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("6 of 6 entries OK", stdout, StringComparison.Ordinal);
        // Cells wrap at 80 columns when stdout is not a terminal, so only short words are looked for.
        foreach (var expected in new[] { "resnet50", "vit_b32", "wav2vec2", "hubert", "float32[", "640x360", "audio s" })
        {
            Assert.Contains(expected, stdout, StringComparison.Ordinal);
        }

        Assert.Equal("", stderr);
    }

    [Fact]
    public void Each_broken_entry_is_one_stderr_line_naming_it_and_its_field()
    {
        static string Image(string name, string file, string pixels, string output, int dim, int width = 224) =>
            $$"""{ "name": "{{name}}", "kind": "image", "file": "{{file}}", "inputs": { "pixels": "{{pixels}}" }, "output": "{{output}}", "outputDim": {{dim}}, "image": { "width": {{width}}, "height": 224 } }""";
        var manifest = Write($$"""
        { "models": [
          {{Image("good", Fixture("resnet50.onnx"), "pixels", "features", 256)}},
          {{Image("missing_file", Fixture("resnet101.onnx"), "pixels", "features", 256)}},
          {{Image("wrong_input", Fixture("resnet50.onnx"), "input", "features", 256)}},
          {{Image("wrong_output", Fixture("resnet50.onnx"), "pixels", "feats", 256)}},
          {{Image("wrong_dim", Fixture("resnet50.onnx"), "pixels", "features", 2048)}},
          {{Image("wrong_size", Fixture("vit_b32.onnx"), "pixels", "cls", 64, width: 256)}},
          { "name": "wrong_dtype", "kind": "text", "file": "{{Fixture("wav2vec2.onnx")}}", "inputs": { "input_ids": "waveform" },
            "output": "last_hidden_state", "outputDim": 64, "text": { "vocab": "vocab.txt" } }
        ] }
        """);
        var (code, stdout, stderr) = CliHarness.RunBinary("models", "check", manifest, "--runs", "1");
        Assert.Equal(1, code);
        Assert.Contains("6 of 7 entries broken", stdout, StringComparison.Ordinal);
        var lines = stderr.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        string[] expected =
        [
            "model 'missing_file': 'file' not found",
            "model 'wrong_input': 'inputs.pixels' is 'input', but the model's inputs are: pixels",
            "model 'wrong_output': 'output' names 'feats', but the model's outputs are: features",
            "model 'wrong_dim': 'outputDim' is 2048, but output 'features' is [batch,256] (D = 256)",
            "model 'wrong_size': 'image.width' is 256, but 'pixels' is [batch,3,224,224] (nchw)",
            "model 'wrong_dtype': 'inputs.input_ids': the model's input 'waveform' is float32, but Meiju feeds int64",
        ];
        Assert.Equal(expected.Length, lines.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith("error: " + manifest + ": ", lines[i], StringComparison.Ordinal);
            Assert.Contains(expected[i], lines[i], StringComparison.Ordinal);
        }

        Assert.Contains("good", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_field_is_one_line_with_the_entry_and_exit_code_2()
    {
        var manifest = Write($$"""
        { "models": [ { "name": "resnet50", "kind": "image", "file": "{{Fixture("resnet50.onnx")}}", "inputs": { "pixels": "pixels" },
                        "output": "features", "outputDim": 256, "image": { "resize": "center_crop", "shortSide": 232, "mena": [0.5] } } ] }
        """);
        var (code, _, stderr) = CliHarness.RunBinary("models", "check", manifest);
        Assert.Equal(2, code);
        Assert.Equal($"error: {manifest}:2: model 'resnet50' (models[0]): 'image.mena' is not a manifest field (misspelt? see docs/extractors.md for the fields)", stderr.Trim());
    }
}
