using Meiju.Features.Imaging;
using Meiju.Features.Models;
using Meiju.IO;
using Meiju.Media;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Onnx;

/// <summary>
/// A manifest-driven image encoder (ResNet, CLIP vision tower, ViT): one row per sampled frame (or per face crop),
/// giving [T, D] where T is the number of frames.
/// </summary>
public sealed class OnnxImageExtractor : IFeatureExtractor
{
    private readonly ManifestEntry _entry;
    private readonly ImageSettings _image;
    private readonly InferenceSession _session;
    private readonly InferenceSession? _preprocess;
    private readonly int _batch;
    private readonly bool _fixedBatch;
    private readonly int _channels;

    /// <summary>Creates the extractor (loads or reuses the cached sessions).</summary>
    public OnnxImageExtractor(ManifestEntry entry, string? baseDirectory, ExtractorOptions options)
    {
        if (entry.Kind != ModelKind.Image)
        {
            throw new ArgumentException($"model '{entry.Name}' is not an image model", nameof(entry));
        }

        _entry = entry;
        _image = entry.Image ?? new ImageSettings();
        _session = OnnxSessionCache.Get(ModelLocator.Expand(entry.File, baseDirectory), options.IntraOpThreads);
        if (entry.PreprocessModel is { } pre)
        {
            _preprocess = OnnxSessionCache.Get(ModelLocator.Expand(pre.File, baseDirectory), options.IntraOpThreads);
        }

        _channels = _image.ChannelOrder.Equals("gray", StringComparison.OrdinalIgnoreCase) ? 1 : 3;
        var fixedBatch = (_preprocess ?? _session).InputMetadata.TryGetValue(
            _preprocess is null ? entry.Inputs["pixels"] : entry.PreprocessModel!.Input, out var meta) ? meta.Dimensions[0] : -1;
        _fixedBatch = fixedBatch > 0;
        _batch = _fixedBatch ? (int)fixedBatch : entry.BatchSize;
        Input = _image.Source.Equals("faces", StringComparison.OrdinalIgnoreCase) ? FeatureInput.Faces : FeatureInput.Frames;
    }

    /// <inheritdoc />
    public string Name => _entry.Name;

    /// <inheritdoc />
    public int Dimension => _entry.OutputDim;

    /// <inheritdoc />
    public FeatureInput Input { get; }

    /// <inheritdoc />
    public NpyArray Extract(UtteranceMedia media)
    {
        var images = Input == FeatureInput.Faces
            ? media.Faces.Select(f => (f.Rgb, f.Size, f.Size)).ToList()
            : media.Frames.Select(f => (f.Rgb, f.Width, f.Height)).ToList();
        if (images.Count == 0)
        {
            throw Input == FeatureInput.Faces
                ? new FeatureInputMissingException("no_face", $"{Name}: no face was found in {media.SourcePath}")
                : new FeatureInputMissingException("no_frames", $"{Name}: {media.SourcePath} has no video frames");
        }

        var rows = new List<float[]>(images.Count);
        for (var start = 0; start < images.Count; start += _batch)
        {
            var count = Math.Min(_batch, images.Count - start);
            // A fixed-batch model still gets a full batch; the padding rows are dropped after the run.
            var batch = _fixedBatch ? _batch : count;
            var pixels = new float[batch * _channels * _image.Height * _image.Width];
            for (var i = 0; i < count; i++)
            {
                var (rgb, w, h) = images[start + i];
                Fill(pixels.AsSpan(i * _channels * _image.Height * _image.Width), rgb, w, h);
            }

            long[] shape = _image.Layout.Equals("nhwc", StringComparison.OrdinalIgnoreCase)
                ? [batch, _image.Height, _image.Width, _channels]
                : [batch, _channels, _image.Height, _image.Width];
            float[] input = pixels;
            long[] inputShape = shape;
            if (_preprocess is not null)
            {
                using var raw = OrtValue.CreateTensorValueFromMemory(pixels, shape);
                (input, inputShape) = OnnxRunner.Run(_preprocess, [(_entry.PreprocessModel!.Input, raw)], _entry.PreprocessModel.Output, Name);
            }

            using var value = OrtValue.CreateTensorValueFromMemory(input, inputShape);
            var (output, outShape) = OnnxRunner.Run(_session, [(_entry.Inputs["pixels"], value)], _entry.Output, Name);
            var pooled = OutputPooling.Pool(output, outShape, Dimension, _entry.Pooling == Pooling.None ? Pooling.Cls : _entry.Pooling, Name);
            for (var i = 0; i < count; i++)
            {
                rows.Add(pooled[i][0]);
            }
        }

        return FeatureArrays.Stack(rows, Dimension);
    }

    private void Fill(Span<float> target, byte[] rgb, int width, int height)
    {
        var center = _image.Resize.Equals("center_crop", StringComparison.OrdinalIgnoreCase);
        var source = _channels == 1 && rgb.Length == width * height * 3 ? ImageSampler.RgbToGray(rgb, width, height) : rgb;
        var resized = ImageSampler.Resize(source, width, height, _channels, _image.Width, _image.Height, center);
        var bgr = _image.ChannelOrder.Equals("bgr", StringComparison.OrdinalIgnoreCase);
        var nhwc = _image.Layout.Equals("nhwc", StringComparison.OrdinalIgnoreCase);
        var plane = _image.Width * _image.Height;
        for (var c = 0; c < _channels; c++)
        {
            var src = bgr ? 2 - c : c;
            var mean = _image.Mean.Length == 0 ? 0f : _image.Mean[Math.Min(c, _image.Mean.Length - 1)];
            var std = _image.Std.Length == 0 ? 1f : _image.Std[Math.Min(c, _image.Std.Length - 1)];
            for (var p = 0; p < plane; p++)
            {
                var v = ((resized[(p * _channels) + src] * _image.Scale) - mean) / std;
                target[nhwc ? (p * _channels) + c : (c * plane) + p] = v;
            }
        }
    }
}
