using Meiju.Features.Audio;
using Meiju.Features.Models;
using Meiju.IO;
using Meiju.Media;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Onnx;

/// <summary>
/// A manifest-driven waveform encoder (wav2vec 2.0, HuBERT, WavLM exports): raw samples [1, N] in, frame states
/// [1, T, D] out (about 50 frames per second for those models). Long audio is cut into chunks whose frames are
/// concatenated, so memory stays bounded.
/// </summary>
public sealed class OnnxAudioExtractor : IFeatureExtractor
{
    private readonly ManifestEntry _entry;
    private readonly AudioSettings _audio;
    private readonly InferenceSession _session;

    /// <summary>Creates the extractor (loads or reuses the cached session).</summary>
    public OnnxAudioExtractor(ManifestEntry entry, string? baseDirectory, ExtractorOptions options)
    {
        if (entry.Kind != ModelKind.Audio)
        {
            throw new ArgumentException($"model '{entry.Name}' is not an audio model", nameof(entry));
        }

        _entry = entry;
        _audio = entry.Audio ?? new AudioSettings();
        _session = OnnxSessionCache.Get(ModelLocator.Expand(entry.File, baseDirectory), options.IntraOpThreads, options.Device);
    }

    /// <inheritdoc />
    public string Name => _entry.Name;

    /// <inheritdoc />
    public int Dimension => _entry.OutputDim;

    /// <inheritdoc />
    public FeatureInput Input => FeatureInput.Audio;

    /// <inheritdoc />
    public NpyArray Extract(UtteranceMedia media)
    {
        var samples = AudioResampling.At(AudioResampling.Require(media, Name), _audio.SampleRate);
        var chunk = (int)(_audio.ChunkSeconds * _audio.SampleRate);
        var rows = new List<float[]>();
        // Models with a convolutional front end need at least one receptive field (400 samples for wav2vec 2.0),
        // so a shorter tail joins the chunk before it instead of becoming a chunk of its own.
        const int minimum = 400;
        for (var start = 0; start < samples.Length;)
        {
            var length = Math.Min(chunk, samples.Length - start);
            if (samples.Length - (start + length) < minimum)
            {
                length = samples.Length - start;
            }

            var piece = samples.AsSpan(start, length).ToArray();
            if (_audio.Normalize)
            {
                Normalize(piece);
            }

            var shape = new long[] { 1, piece.Length };
            var inputs = new List<(string, OrtValue)> { (_entry.Inputs["waveform"], OrtValue.CreateTensorValueFromMemory(piece, shape)) };
            try
            {
                if (_entry.Inputs.TryGetValue("attention_mask", out var maskName))
                {
                    var mask = new long[piece.Length];
                    Array.Fill(mask, 1L);
                    inputs.Add((maskName, OrtValue.CreateTensorValueFromMemory(mask, shape)));
                }

                var (output, outShape) = OnnxRunner.Run(_session, inputs, _entry);
                // Pool only after all chunks are in, so a mean covers the whole utterance.
                rows.AddRange(OutputPooling.Pool(output, outShape, Dimension, Pooling.None, Name)[0]);
            }
            finally
            {
                foreach (var (_, value) in inputs)
                {
                    value.Dispose();
                }
            }

            start += length;
        }

        if (_entry.Pooling != Pooling.None && rows.Count > 0)
        {
            var all = FeatureArrays.Stack(rows, Dimension);
            return new NpyArray([1, Dimension], _entry.Pooling == Pooling.Mean ? FeatureArrays.MeanRows(all) : PoolOther(all));
        }

        return FeatureArrays.Stack(rows, Dimension);
    }

    private float[] PoolOther(NpyArray all)
    {
        if (_entry.Pooling == Pooling.Cls)
        {
            return all.Data.AsSpan(0, Dimension).ToArray();
        }

        var max = new float[Dimension];
        Array.Fill(max, float.NegativeInfinity);
        for (var t = 0; t < all.Rows; t++)
        {
            for (var j = 0; j < Dimension; j++)
            {
                max[j] = Math.Max(max[j], all.Data[(t * Dimension) + j]);
            }
        }

        return max;
    }

    private static void Normalize(float[] x)
    {
        double mean = 0;
        foreach (var v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        double variance = 0;
        foreach (var v in x)
        {
            variance += (v - mean) * (v - mean);
        }

        var std = Math.Sqrt((variance / x.Length) + 1e-7);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)((x[i] - mean) / std);
        }
    }
}
