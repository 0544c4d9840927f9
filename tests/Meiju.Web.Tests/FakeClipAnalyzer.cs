using System.Security.Cryptography;
using Meiju.Inference;
using Meiju.Media;
using OpenCvSharp;

namespace Meiju.Web.Tests;

/// <summary>
/// Stands in for the real analyzer until it lands: fixed-shaped results that depend on the file's bytes, so a page
/// that showed stale or made-up values would not match. With <c>decodeMedia</c> the faces and the waveform come
/// from really decoding the clip (for the browser test and the screenshot); the predictions stay placeholders.
/// </summary>
internal sealed class FakeClipAnalyzer(bool decodeMedia = false) : IClipAnalyzer
{
    public static readonly string[] Emotions = ["happy", "surprise", "sad", "disgust", "anger", "fear", "neutral"];
    public static readonly string[] Intents = ["questioning", "agreeing", "acknowledging", "encouraging", "consoling", "suggesting", "wishing", "neutral"];

    private int _running;

    /// <summary>Paths it was asked to analyse, in order.</summary>
    public List<string> Seen { get; } = [];

    /// <summary>Most analyses observed running at once.</summary>
    public int MaxConcurrent { get; private set; }

    /// <summary>Wait this long inside each analysis (to observe the one-at-a-time gate).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>When set, every analysis throws this message about the file.</summary>
    public string? FailWith { get; init; }

    public ClipAnalysis Analyze(string path, string? transcript = null, CancellationToken cancel = default)
    {
        var now = Interlocked.Increment(ref _running);
        lock (Seen)
        {
            Seen.Add(path);
            MaxConcurrent = Math.Max(MaxConcurrent, now);
        }

        try
        {
            if (Delay > TimeSpan.Zero)
            {
                Task.Delay(Delay, cancel).Wait(cancel);
            }

            if (FailWith is { } problem)
            {
                throw new MeijuDataException(path, problem);
            }

            return decodeMedia ? FromMedia(path, transcript, cancel) : Expected(File.ReadAllBytes(path), Path.GetFileName(path), transcript);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>What the fake returns for these bytes (the tests compute the expectation with it).</summary>
    public static ClipAnalysis Expected(byte[] bytes, string clip, string? transcript)
    {
        var hash = SHA256.HashData(bytes);
        var waveform = Enumerable.Range(0, 64).Select(i => hash[i % hash.Length] / 255f).ToArray();
        return Predictions(hash, bytes.Length, clip, transcript) with
        {
            FacePngs = Enumerable.Range(0, 1 + (hash[0] % 3)).Select(i => Swatch(hash, i)).ToList(),
            Waveform = waveform,
            DurationSeconds = bytes.Length / 100_000.0,
        };
    }

    private static ClipAnalysis FromMedia(string path, string? transcript, CancellationToken cancel)
    {
        using var loader = new FfmpegMediaLoader(new MediaLoaderOptions());
        var media = loader.LoadAsync(path, cancel).GetAwaiter().GetResult();
        var bytes = File.ReadAllBytes(path);
        var step = Math.Max(1, media.Faces.Count / 6);
        var faces = media.Faces.Where((_, i) => i % step == 0).Take(6).Select(Png).ToList();
        return Predictions(SHA256.HashData(bytes), bytes.Length, Path.GetFileName(path), transcript) with
        {
            FacePngs = faces,
            Waveform = media.Audio is { } audio ? Envelope(audio.Samples, 240) : [],
            DurationSeconds = media.DurationSeconds,
            StageSeconds = media.StageSeconds,
            Warnings = [.. media.Warnings, "test analyzer: emotion and intent are placeholders derived from the file's bytes"],
        };
    }

    private static ClipAnalysis Predictions(byte[] hash, long length, string clip, string? transcript) => new()
    {
        Clip = clip,
        Emotion = Softmax(Emotions, hash, 0),
        Intent = Softmax(Intents, hash, 8),
        Contributions =
        [
            new ModalityContribution("V", true, (hash[16] - 128) / 400.0, (hash[17] - 128) / 500.0),
            new ModalityContribution("A", true, (hash[18] - 128) / 400.0, (hash[19] - 128) / 500.0),
            new ModalityContribution("T", transcript is not null, transcript is null ? 0 : (hash[20] - 128) / 400.0, transcript is null ? 0 : (hash[21] - 128) / 500.0),
        ],
        Text = transcript ?? $"({length} bytes, no transcript)",
    };

    private static List<ClassProbability> Softmax(string[] labels, byte[] hash, int offset)
    {
        var logits = labels.Select((_, i) => hash[(offset + i) % hash.Length] / 40.0).ToArray();
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return labels.Select((l, i) => new ClassProbability(l, exp[i] / sum)).OrderByDescending(c => c.Probability).ToList();
    }

    private static float[] Envelope(float[] samples, int buckets)
    {
        var result = new float[buckets];
        for (var b = 0; b < buckets; b++)
        {
            var start = (int)((long)samples.Length * b / buckets);
            var end = (int)((long)samples.Length * (b + 1) / buckets);
            for (var i = start; i < end; i++)
            {
                result[b] = Math.Max(result[b], Math.Abs(samples[i]));
            }
        }

        return result;
    }

    private static byte[] Png(FaceCrop face)
    {
        using var rgb = new Mat(face.Size, face.Size, MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(face.Rgb, 0, rgb.Data, face.Rgb.Length);
        using var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        Cv2.ImEncode(".png", bgr, out var png);
        return png;
    }

    private static byte[] Swatch(byte[] hash, int index)
    {
        using var image = new Mat(24, 24, MatType.CV_8UC3, new Scalar(hash[index + 1], hash[index + 2], hash[index + 3]));
        Cv2.ImEncode(".png", image, out var png);
        return png;
    }
}
