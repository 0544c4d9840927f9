using Meiju.Features.Models;
using Meiju.Features.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Tests.Onnx;

public class OnnxBatchRewriterTests
{
    private static ManifestEntry Resnet18() => ModelManifest.Default().Models.Single(m => m.Name == "resnet18");

    private static float[] Run(InferenceSession session, string input, string output, float[] data, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [input], [value], [output]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Fact]
    public void Resnet18_gets_a_symbolic_batch_and_a_batch_of_three_equals_three_single_runs()
    {
        var entry = Resnet18();
        var original = File.ReadAllBytes(ModelLocator.Expand(entry.File, null));
        var lifted = OnnxBatchRewriter.TryLiftBatch(original, out var reason);
        Assert.True(lifted is not null, reason);
        using var single = new InferenceSession(original);
        using var batched = new InferenceSession(lifted);
        Assert.Equal(1, single.InputMetadata["Input247"].Dimensions[0]);
        Assert.Equal(-1, batched.InputMetadata["Input247"].Dimensions[0]);
        Assert.Equal(-1, batched.OutputMetadata[entry.Output].Dimensions[0]);

        const int frame = 3 * 224 * 224;
        var rng = new Random(5);
        var images = new float[3 * frame];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = (float)((rng.NextDouble() * 255) - 120);
        }

        var together = Run(batched, "Input247", entry.Output, images, [3, 3, 224, 224]);
        Assert.Equal(3 * 512, together.Length);
        for (var b = 0; b < 3; b++)
        {
            var alone = Run(single, "Input247", entry.Output, images.AsSpan(b * frame, frame).ToArray(), [1, 3, 224, 224]);
            var worst = alone.Select((v, i) => Math.Abs(v - together[(b * 512) + i])).Max();
            Assert.True(worst <= 1e-4, $"image {b}: max abs difference {worst}");
        }

        // Different images give different rows, so the comparison above is not between constant outputs.
        Assert.NotEqual(together.AsSpan(0, 512).ToArray(), together.AsSpan(512, 512).ToArray());
    }

    [Fact]
    public void Resnet18_preprocessing_is_lifted_too()
    {
        var pre = Resnet18().PreprocessModel!;
        var lifted = OnnxBatchRewriter.TryLiftBatch(File.ReadAllBytes(ModelLocator.Expand(pre.File, null)), out var reason);
        Assert.True(lifted is not null, reason);
        using var session = new InferenceSession(lifted);
        Assert.Equal(-1, session.InputMetadata[pre.Input].Dimensions[0]);
    }

    [Fact]
    public void A_per_image_graph_is_lifted_and_its_recorded_batch_of_one_shapes_are_dropped()
    {
        var model = new TinyImageOnnx()
            .Node("Relu", ["x"], "r")
            .Node("GlobalAveragePool", ["r"], "y")
            .ValueInfo("r", 1, 2, 2, 2)
            .Build("x", [1, 2, 2, 2], "y", [1, 2, 1, 1]);
        var lifted = OnnxBatchRewriter.TryLiftBatch(model, out var reason);
        Assert.True(lifted is not null, reason);
        using var session = new InferenceSession(lifted);
        // Image 0: channel 0 = 1..4, channel 1 = -1 (ReLU → 0); image 1: channel 0 = 8, channel 1 = -2..1.
        float[] x = [1, 2, 3, 4, -1, -1, -1, -1, 8, 8, 8, 8, -2, -1, 0, 1];
        var y = Run(session, "x", "y", x, [2, 2, 2, 2]);
        Assert.Equal([2.5f, 0f, 8f, 0.25f], y);
    }

    [Fact]
    public void A_reshape_keeps_the_fixed_batch()
    {
        var model = new TinyImageOnnx()
            .Int64s("shape", [1, 2])
            .Node("GlobalAveragePool", ["x"], "p")
            .Node("Reshape", ["p", "shape"], "y")
            .Build("x", [1, 2, 2, 2], "y", [1, 2]);
        Assert.Null(OnnxBatchRewriter.TryLiftBatch(model, out var reason));
        Assert.Contains("Reshape", reason);
    }

    [Fact]
    public void Concatenating_along_the_batch_axis_keeps_the_fixed_batch()
    {
        var model = new TinyImageOnnx()
            .Node("Concat", ["x", "x"], "y", ("axis", 0))
            .Build("x", [1, 2, 2, 2], "y", [2, 2, 2, 2]);
        Assert.Null(OnnxBatchRewriter.TryLiftBatch(model, out var reason));
        Assert.Contains("batch axis", reason);
    }

    [Fact]
    public void Negative_axes_that_may_be_the_batch_training_batch_norm_and_constants_joined_to_the_images_keep_the_fixed_batch()
    {
        var minusFour = new TinyImageOnnx()
            .Node("Concat", ["x", "x"], "y", ("axis", -4))
            .Build("x", [1, 2, 2, 2], "y", [2, 2, 2, 2]);
        Assert.Null(OnnxBatchRewriter.TryLiftBatch(minusFour, out var reason));
        Assert.Contains("-4", reason);

        var minusOne = new TinyImageOnnx()
            .Node("Softmax", ["x"], "y", ("axis", -1))
            .Build("x", [1, 2, 2, 2], "y", [1, 2, 2, 2]);
        Assert.NotNull(OnnxBatchRewriter.TryLiftBatch(minusOne, out reason));

        var training = new TinyImageOnnx()
            .Node("BatchNormalization", ["x", "x", "x", "x", "x"], "y", ("training_mode", 1))
            .Build("x", [1, 2, 2, 2], "y", [1, 2, 2, 2]);
        Assert.Null(OnnxBatchRewriter.TryLiftBatch(training, out reason));
        Assert.Contains("training", reason);

        var constant = new TinyImageOnnx()
            .Int64s("c", [1, 2, 2, 2])
            .Node("Concat", ["x", "c"], "y", ("axis", 1))
            .Build("x", [1, 2, 2, 2], "y", [1, 4, 2, 2]);
        Assert.Null(OnnxBatchRewriter.TryLiftBatch(constant, out reason));
        Assert.Contains("constant", reason);
    }

    [Fact]
    public void A_model_that_already_takes_any_batch_or_a_batch_of_two_is_left_alone()
    {
        var dynamic = new TinyImageOnnx().Node("Relu", ["x"], "y").Build("x", [null, 2, 2, 2], "y", [null, 2, 2, 2]);
        Assert.Null(OnnxBatchRewriter.TryLiftBatch(dynamic, out var reason));
        Assert.Contains("batch of 1", reason);
        var two = new TinyImageOnnx().Node("Relu", ["x"], "y").Build("x", [2, 2, 2, 2], "y", [2, 2, 2, 2]);
        Assert.Null(OnnxBatchRewriter.TryLiftBatch(two, out _));
    }

    [Fact]
    public void Garbage_is_refused_not_thrown()
    {
        Assert.Null(OnnxBatchRewriter.TryLiftBatch([0x0A, 0xFF, 0x01], out var reason));
        Assert.Contains("protobuf", reason);
    }
}
