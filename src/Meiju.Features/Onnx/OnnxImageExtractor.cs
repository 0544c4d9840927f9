using System.Collections.Concurrent;
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
    // Reused across calls: a 224×224 batch of 4 is 2.4 MB, otherwise a fresh large-object-heap array on every call
    // (and page faults: on the 2-core box a fresh 63 MB array took 80–330 ms to allocate and fill). A pool, not a
    // ThreadLocal, because async items hop across many thread-pool threads and each would keep its own buffers.
    private static readonly ConcurrentBag<Scratch> Buffers = [];

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
        _channels = _image.ChannelOrder.Equals("gray", StringComparison.OrdinalIgnoreCase) ? 1 : 3;
        // The rewrite only accepts inputs with a batch of exactly 1, so trying it first never changes a model that
        // already takes any batch, and a lifted model is never loaded twice.
        if (entry.BatchSize > 1 && LiftBatch(entry, baseDirectory, options) is var (session, preprocess))
        {
            (_session, _preprocess) = (session, preprocess);
            BatchLifted = true;
            _batch = entry.BatchSize;
        }
        else
        {
            _session = OnnxSessionCache.Get(ModelLocator.Expand(entry.File, baseDirectory), options.IntraOpThreads, options.Device);
            if (entry.PreprocessModel is { } pre)
            {
                _preprocess = OnnxSessionCache.Get(ModelLocator.Expand(pre.File, baseDirectory), options.IntraOpThreads, options.Device);
            }

            var fixedBatch = (_preprocess ?? _session).InputMetadata.TryGetValue(
                _preprocess is null ? entry.Inputs["pixels"] : entry.PreprocessModel!.Input, out var meta) && meta.Dimensions.Length > 0 ? meta.Dimensions[0] : -1;
            _fixedBatch = fixedBatch > 0;
            _batch = _fixedBatch ? (int)fixedBatch : entry.BatchSize;
        }

        Input = _image.Source.Equals("faces", StringComparison.OrdinalIgnoreCase) ? FeatureInput.Faces : FeatureInput.Frames;
    }

    /// <inheritdoc />
    public string Name => _entry.Name;

    /// <summary>
    /// True when the model (and its preprocessing model) declared a fixed batch of 1 that was made symbolic in memory
    /// (<see cref="OnnxBatchRewriter"/>), so up to the manifest's <c>batchSize</c> images share one ONNX Runtime call.
    /// </summary>
    public bool BatchLifted { get; }

    /// <summary>Images per ONNX Runtime call.</summary>
    public int BatchSize => _batch;

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

        var scratch = Buffers.TryTake(out var spare) ? spare : new Scratch();
        try
        {
            return Run(images, scratch);
        }
        finally
        {
            Buffers.Add(scratch);
        }
    }

    private NpyArray Run(List<(byte[] Rgb, int Width, int Height)> images, Scratch scratch)
    {
        var rows = new List<float[]>(images.Count);
        var frameSize = _channels * _image.Height * _image.Width;
        for (var start = 0; start < images.Count; start += _batch)
        {
            var count = Math.Min(_batch, images.Count - start);
            // A fixed-batch model still gets a full batch; the padding rows are dropped after the run.
            var batch = _fixedBatch ? _batch : count;
            var pixels = scratch.Pixels(batch * frameSize);
            // A fixed batch is padded with rows the model still reads; zero them so no stale frame leaks in.
            Array.Clear(pixels, count * frameSize, (batch - count) * frameSize);
            for (var i = 0; i < count; i++)
            {
                var (rgb, w, h) = images[start + i];
                Fill(pixels.AsSpan(i * frameSize, frameSize), rgb, w, h, scratch);
            }

            long[] shape = _image.Layout.Equals("nhwc", StringComparison.OrdinalIgnoreCase)
                ? [batch, _image.Height, _image.Width, _channels]
                : [batch, _channels, _image.Height, _image.Width];
            float[] output;
            long[] outShape;
            using (var raw = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, batch * frameSize), shape))
            {
                if (_preprocess is not null)
                {
                    // The preprocessed batch goes straight from one session to the next, never copied to managed memory.
                    using var pre = OnnxRunner.RunValue(_preprocess, [(_entry.PreprocessModel!.Input, raw)], _entry.PreprocessModel.Output, Name);
                    (output, outShape) = OnnxRunner.Run(_session, [(_entry.Inputs["pixels"], pre[0])], _entry);
                }
                else
                {
                    (output, outShape) = OnnxRunner.Run(_session, [(_entry.Inputs["pixels"], raw)], _entry);
                }
            }

            var pooled = OutputPooling.Pool(output, outShape, Dimension, _entry.Pooling == Pooling.None ? Pooling.Cls : _entry.Pooling, Name);
            for (var i = 0; i < count; i++)
            {
                rows.Add(pooled[i][0]);
            }
        }

        return FeatureArrays.Stack(rows, Dimension);
    }

    private static (InferenceSession Session, InferenceSession? Preprocess)? LiftBatch(ManifestEntry entry, string? baseDirectory, ExtractorOptions options)
    {
        // The preprocessing model is settled first: when it cannot take a batch, the main model is never lifted,
        // so a large model is not held twice (lifted and original) for the life of the process.
        InferenceSession? preprocess = null;
        if (entry.PreprocessModel is { } pre)
        {
            var preFile = ModelLocator.Expand(pre.File, baseDirectory);
            preprocess = OnnxSessionCache.GetBatchFree(preFile, options.IntraOpThreads, options.Device);
            if (preprocess is null)
            {
                // A preprocessing model that already takes any batch runs ahead of the lifted model as it is.
                var original = OnnxSessionCache.Get(preFile, options.IntraOpThreads, options.Device);
                if (!(original.InputMetadata.TryGetValue(pre.Input, out var meta) && meta.Dimensions.Length > 0 && meta.Dimensions[0] < 0))
                {
                    return null;
                }

                preprocess = original;
            }
        }

        return OnnxSessionCache.GetBatchFree(ModelLocator.Expand(entry.File, baseDirectory), options.IntraOpThreads, options.Device) is { } session
            ? (session, preprocess)
            : null;
    }

    private void Fill(Span<float> target, byte[] rgb, int width, int height, Scratch scratch)
    {
        var center = _image.Resize.Equals("center_crop", StringComparison.OrdinalIgnoreCase);
        var source = _channels == 1 && rgb.Length == width * height * 3 ? ImageSampler.RgbToGray(rgb, width, height) : rgb;
        var resized = scratch.Resized(target.Length);
        ImageSampler.Resize(source, width, height, _channels, _image.Width, _image.Height, resized, center, _image.ShortSide ?? 0);
        var bgr = _image.ChannelOrder.Equals("bgr", StringComparison.OrdinalIgnoreCase);
        var nhwc = _image.Layout.Equals("nhwc", StringComparison.OrdinalIgnoreCase);
        var plane = _image.Width * _image.Height;
        var channels = _channels;
        var scale = _image.Scale;
        for (var c = 0; c < channels; c++)
        {
            var src = bgr ? 2 - c : c;
            var mean = _image.Mean.Length == 0 ? 0f : _image.Mean[Math.Min(c, _image.Mean.Length - 1)];
            var std = _image.Std.Length == 0 ? 1f : _image.Std[Math.Min(c, _image.Std.Length - 1)];
            if (nhwc)
            {
                for (var p = 0; p < plane; p++)
                {
                    target[(p * channels) + c] = ((resized[(p * channels) + src] * scale) - mean) / std;
                }
            }
            else
            {
                var channelPlane = target.Slice(c * plane, plane);
                for (var p = 0; p < plane; p++)
                {
                    channelPlane[p] = ((resized[(p * channels) + src] * scale) - mean) / std;
                }
            }
        }
    }

    private sealed class Scratch
    {
        private float[] _pixels = [];
        private float[] _resized = [];

        public float[] Pixels(int length)
        {
            if (_pixels.Length < length)
            {
                _pixels = new float[length];
            }

            return _pixels;
        }

        public float[] Resized(int length)
        {
            if (_resized.Length < length)
            {
                _resized = new float[length];
            }

            return _resized;
        }
    }
}
