using Meiju.Features.Imaging;
using Meiju.IO;
using Meiju.Features.Models;
using Meiju.Features.Onnx;
using Meiju.Media;

namespace Meiju.Features.Tests.Onnx;

public sealed class OnnxImageExtractorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-image-");

    public void Dispose() => _dir.Delete(true);

    private static OnnxImageExtractor Resnet18(int? batchSize = null)
    {
        var entry = ModelManifest.Default().Models.Single(m => m.Name == "resnet18");
        entry.BatchSize = batchSize ?? entry.BatchSize;
        return new OnnxImageExtractor(entry, null, new ExtractorOptions());
    }

    private static float MaxAbsDifference(NpyArray a, NpyArray b)
    {
        Assert.Equal(a.Shape, b.Shape);
        return a.Data.Select((v, i) => Math.Abs(v - b.Data[i])).Max();
    }

    [Fact]
    public void Default_resnet18_runs_several_frames_per_call_and_matches_one_frame_per_call()
    {
        var batched = Resnet18();
        var single = Resnet18(batchSize: 1);
        Assert.True(batched.BatchLifted);
        Assert.True(batched.BatchSize > 1);
        Assert.False(single.BatchLifted);
        Assert.Equal(1, single.BatchSize);

        // Two full batches and a partial one, frames of two sizes.
        var count = (2 * batched.BatchSize) + 1;
        var frames = Enumerable.Range(0, count).Select(i => TestMedia.Frame(i % 2 == 0 ? 320 : 480, 240, 100 + i, i * 10)).ToList();
        var media = TestMedia.Empty() with { Frames = frames };
        var a = batched.Extract(media);
        var b = single.Extract(media);
        Assert.Equal([count, 512], a.Shape);
        Assert.True(MaxAbsDifference(a, b) <= 1e-4f, $"max abs difference {MaxAbsDifference(a, b)}");
        Assert.NotEqual(a.Data.AsSpan(0, 512).ToArray(), a.Data.AsSpan(512, 512).ToArray());
    }

    [SharedDataFact("cremad-clips/video_flv/1001_DFA_ANG_XX.flv")]
    public async Task Resnet18_batches_match_one_frame_per_call_on_real_cremad_frames()
    {
        using var loader = new FfmpegMediaLoader(new MediaLoaderOptions { Audio = null, Faces = null });
        var media = await loader.LoadAsync(SharedData.PathOf("cremad-clips/video_flv/1001_DFA_ANG_XX.flv"));
        Assert.True(media.Frames.Count > Resnet18().BatchSize, $"{media.Frames.Count} frames");
        var a = Resnet18().Extract(media);
        var b = Resnet18(batchSize: 1).Extract(media);
        Assert.True(MaxAbsDifference(a, b) <= 1e-4f, $"max abs difference {MaxAbsDifference(a, b)}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_user_model_runs_in_batches_whether_its_batch_is_dynamic_or_a_liftable_one(bool dynamic)
    {
        long? batch = dynamic ? null : 1;
        var model = new TinyImageOnnx()
            .Node("GlobalAveragePool", ["pixels"], "pooled")
            .Build("pixels", [batch, 3, 8, 8], "pooled", [batch, 3, 1, 1]);
        var extractor = Load(model, batchSize: 4);
        Assert.Equal(4, extractor.BatchSize);
        Assert.Equal(!dynamic, extractor.BatchLifted);
        AssertChannelMeans(extractor, frames: 6);
    }

    [Fact]
    public void A_user_model_with_a_fixed_batch_and_a_reshape_still_runs_one_frame_per_call()
    {
        var model = new TinyImageOnnx()
            .Int64s("shape", [1, 3])
            .Node("GlobalAveragePool", ["pixels"], "pooled")
            .Node("Reshape", ["pooled", "shape"], "flat")
            .Build("pixels", [1, 3, 8, 8], "flat", [1, 3]);
        var extractor = Load(model, batchSize: 4, output: "flat");
        Assert.Equal(1, extractor.BatchSize);
        Assert.False(extractor.BatchLifted);
        AssertChannelMeans(extractor, frames: 3);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_fixed_batch_model_is_lifted_behind_a_preprocessing_model_with_a_fixed_or_dynamic_batch(bool preprocessDynamic)
    {
        long? preBatch = preprocessDynamic ? null : 1;
        // ReLU of 0–255 pixels changes nothing, so the rows are still the channel means.
        var preprocess = new TinyImageOnnx().Node("Relu", ["raw"], "cooked").Build("raw", [preBatch, 3, 8, 8], "cooked", [preBatch, 3, 8, 8]);
        var model = new TinyImageOnnx()
            .Node("GlobalAveragePool", ["pixels"], "pooled")
            .Build("pixels", [1, 3, 8, 8], "pooled", [1, 3, 1, 1]);
        var extractor = Load(model, batchSize: 4, preprocess: preprocess);
        Assert.True(extractor.BatchLifted);
        Assert.Equal(4, extractor.BatchSize);
        AssertChannelMeans(extractor, frames: 5);
    }

    private OnnxImageExtractor Load(byte[] model, int batchSize, string output = "pooled", byte[]? preprocess = null)
    {
        var name = $"tiny_{Guid.NewGuid():N}";
        File.WriteAllBytes(Path.Combine(_dir.FullName, name + ".onnx"), model);
        var pre = "";
        if (preprocess is not null)
        {
            File.WriteAllBytes(Path.Combine(_dir.FullName, name + "_pre.onnx"), preprocess);
            pre = $$""" "preprocessModel": { "file": "{{name}}_pre.onnx", "input": "raw", "output": "cooked" }, """;
        }

        var manifest = Path.Combine(_dir.FullName, name + ".json");
        File.WriteAllText(manifest, $$"""
        { "models": [ { "name": "{{name}}", "kind": "image", "file": "{{name}}.onnx", "inputs": { "pixels": "pixels" }, {{pre}}
                        "output": "{{output}}", "outputDim": 3, "batchSize": {{batchSize}},
                        "image": { "width": 8, "height": 8, "scale": 1.0 } } ] }
        """);
        return Assert.IsType<OnnxImageExtractor>(new FeatureRegistry(ModelManifest.Load(manifest)).Create(name));
    }

    // The model averages each channel, so every row must be the channel means of the 8×8 resized frame.
    private static void AssertChannelMeans(OnnxImageExtractor extractor, int frames)
    {
        var media = TestMedia.Empty() with { Frames = [.. Enumerable.Range(0, frames).Select(i => TestMedia.Frame(40, 30, 7 + i, i))] };
        var features = extractor.Extract(media);
        Assert.Equal([frames, 3], features.Shape);
        for (var f = 0; f < frames; f++)
        {
            var frame = media.Frames[f];
            var resized = ImageSampler.Resize(frame.Rgb, frame.Width, frame.Height, 3, 8, 8);
            for (var c = 0; c < 3; c++)
            {
                var expected = Enumerable.Range(0, 64).Average(p => resized[(p * 3) + c]);
                Assert.Equal(expected, features.Data[(f * 3) + c], 3);
            }
        }
    }
}
