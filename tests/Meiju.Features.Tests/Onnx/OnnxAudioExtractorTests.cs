using Meiju.Features.Models;
using Meiju.Features.Onnx;

namespace Meiju.Features.Tests.Onnx;

public sealed class OnnxAudioExtractorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-onnx-audio-");

    public void Dispose() => _dir.Delete(true);

    private OnnxAudioExtractor Create(bool normalize, double chunkSeconds, Pooling pooling = Pooling.None)
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "tiny.onnx"), TinyOnnx.UnsqueezeLastAxis("input_values", "last_hidden_state"));
        var manifest = Path.Combine(_dir.FullName, "m.json");
        File.WriteAllText(manifest, $$"""
        { "models": [ { "name": "tiny_audio", "kind": "audio", "file": "tiny.onnx",
            "inputs": { "waveform": "input_values" }, "output": "last_hidden_state", "outputDim": 1,
            "pooling": "{{pooling.ToString().ToLowerInvariant()}}",
            "audio": { "sampleRate": 16000, "normalize": {{(normalize ? "true" : "false")}}, "chunkSeconds": {{chunkSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}} } } ] }
        """);
        return (OnnxAudioExtractor)new FeatureRegistry(ModelManifest.Load(manifest)).Create("tiny_audio");
    }

    [Fact]
    public void Frames_of_all_chunks_are_concatenated_in_order()
    {
        var samples = Enumerable.Range(0, 1000).Select(i => i / 1000f).ToArray();
        var features = Create(normalize: false, chunkSeconds: 0.03).Extract(TestMedia.WithAudio(samples));
        Assert.Equal([1000, 1], features.Shape);
        Assert.Equal(samples, features.Data);
    }

    [Fact]
    public void Normalisation_gives_zero_mean_unit_variance_per_chunk()
    {
        var samples = TestMedia.Tone(0.2).Select(v => (v * 0.1f) + 0.3f).ToArray();
        var features = Create(normalize: true, chunkSeconds: 30).Extract(TestMedia.WithAudio(samples));
        Assert.Equal(0.0, features.Data.Average(), 3);
        Assert.Equal(1.0, Math.Sqrt(features.Data.Average(v => v * v)), 2);
    }

    [Fact]
    public void Mean_pooling_covers_the_whole_utterance_and_other_rates_are_resampled()
    {
        var features = Create(normalize: false, chunkSeconds: 0.01, Pooling.Mean).Extract(TestMedia.WithAudio(Enumerable.Repeat(0.5f, 800).ToArray(), rate: 8000));
        Assert.Equal([1, 1], features.Shape);
        Assert.Equal(0.5, features.Data[0], 1);
    }

    [Fact]
    public void Missing_audio_is_reported()
    {
        var e = Assert.Throws<FeatureInputMissingException>(() => Create(false, 1).Extract(TestMedia.Empty()));
        Assert.Equal("no_audio", e.Kind);
    }

    [Theory]
    [InlineData("sum", 3f)]
    [InlineData("mean", 1.5f)]
    public void Named_outputs_are_combined_element_wise(string combine, float factor)
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "two.onnx"), TinyOnnx.TwoStates("input_values", "hidden_state_1", "hidden_state_2"));
        var manifest = Path.Combine(_dir.FullName, "two.json");
        File.WriteAllText(manifest, $$"""
        { "models": [ { "name": "two", "kind": "audio", "file": "two.onnx", "inputs": { "waveform": "input_values" },
            "outputs": ["hidden_state_1", "hidden_state_2"], "combine": "{{combine}}", "outputDim": 1,
            "audio": { "normalize": false } } ] }
        """);
        var samples = Enumerable.Range(0, 800).Select(i => i / 800f).ToArray();
        var features = new FeatureRegistry(ModelManifest.Load(manifest)).Create("two").Extract(TestMedia.WithAudio(samples));
        Assert.Equal([800, 1], features.Shape);
        Assert.Equal(samples.Select(v => v * factor), features.Data);
    }

    [Fact]
    public void One_layer_is_picked_by_naming_it()
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "two.onnx"), TinyOnnx.TwoStates("input_values", "hidden_state_1", "hidden_state_2"));
        var manifest = Path.Combine(_dir.FullName, "one.json");
        File.WriteAllText(manifest, """
        { "models": [ { "name": "layer2", "kind": "audio", "file": "two.onnx", "inputs": { "waveform": "input_values" },
            "output": "hidden_state_2", "outputDim": 1, "audio": { "normalize": false } } ] }
        """);
        var samples = Enumerable.Range(0, 800).Select(i => i / 800f).ToArray();
        var features = new FeatureRegistry(ModelManifest.Load(manifest)).Create("layer2").Extract(TestMedia.WithAudio(samples));
        Assert.Equal(samples.Select(v => v * 2), features.Data);
    }
}
