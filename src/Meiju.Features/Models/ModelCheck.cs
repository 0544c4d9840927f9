using System.Diagnostics;
using Meiju.Features.Onnx;
using Meiju.Media;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Models;

/// <summary>
/// <c>meiju models check</c>: loads each manifest entry's ONNX file, compares the entry with the graph
/// (<see cref="ModelSignatureCheck"/>), then runs a probe — seeded noise frames, a 1 s tone, a short sentence —
/// through the same extractor <c>meiju extract</c> uses and times it. A broken entry gets one line naming the
/// field to fix; the others their inputs, outputs, feature shape and milliseconds per call.
/// </summary>
public static class ModelCheck
{
    /// <summary>The probe sentence for text models.</summary>
    public const string ProbeText = "Meiju checks that this encoder works.";

    /// <summary>Checks every entry of <paramref name="manifest"/>, in order.</summary>
    public static IReadOnlyList<ModelCheckResult> Run(ModelManifest manifest, ModelCheckOptions? options = null)
    {
        options ??= new ModelCheckOptions();
        options.Validate();
        return manifest.Models.Select(e => Check(e, manifest.BaseDirectory, options)).ToList();
    }

    /// <summary>Checks one entry; <paramref name="baseDirectory"/> resolves its relative files.</summary>
    public static ModelCheckResult Check(ManifestEntry entry, string? baseDirectory, ModelCheckOptions options)
    {
        var result = new ModelCheckResult(entry.Name, entry.Kind) { Dimension = entry.OutputDim };
        var where = $"model '{entry.Name}'";
        var (session, problem) = Load(entry.File, baseDirectory, options.Threads, options.Device, where, "file");
        if (session is null)
        {
            return result with { Problem = problem };
        }

        result = result with
        {
            Inputs = session.InputMetadata.Select(m => ModelSignatureCheck.Summarize(m.Key, m.Value)).ToList(),
            Outputs = entry.OutputNames.Where(session.OutputMetadata.ContainsKey)
                .Concat(session.OutputMetadata.Keys.Where(k => !entry.OutputNames.Contains(k)))
                .Select(k => ModelSignatureCheck.Summarize(k, session.OutputMetadata[k])).ToList(),
            OutputsRead = entry.OutputNames.Count(session.OutputMetadata.ContainsKey),
        };
        InferenceSession? preprocess = null;
        if (entry.PreprocessModel is { } pre)
        {
            (preprocess, problem) = Load(pre.File, baseDirectory, options.Threads, options.Device, where, "preprocessModel.file");
            if (preprocess is null)
            {
                return result with { Problem = problem };
            }
        }

        if (ModelSignatureCheck.Find(entry, session, preprocess) is { } mismatch)
        {
            return result with { Problem = mismatch };
        }

        return Probe(entry, baseDirectory, options, result);
    }

    private static (InferenceSession? Session, string? Problem) Load(string file, string? baseDirectory, int threads, ComputeDevice device, string where, string field)
    {
        var expanded = ModelLocator.Expand(file, baseDirectory);
        if (!ModelLocator.Exists(expanded))
        {
            return (null, $"{where}: '{field}' not found: {expanded}");
        }

        try
        {
            return (OnnxSessionCache.Get(expanded, threads, device), null);
        }
        catch (MeijuDataException e)
        {
            return (null, $"{where}: '{field}' is not a model ONNX Runtime can load ({FirstLine(e.Problem)})");
        }
    }

    private static ModelCheckResult Probe(ManifestEntry entry, string? baseDirectory, ModelCheckOptions options, ModelCheckResult result)
    {
        var where = $"model '{entry.Name}'";
        var (media, probe, units, unit) = ProbeMedia(entry, options);
        try
        {
            var extractorOptions = new ExtractorOptions(options.Threads, options.Device);
            IFeatureExtractor extractor = entry.Kind switch
            {
                ModelKind.Image => new OnnxImageExtractor(entry, baseDirectory, extractorOptions),
                ModelKind.Audio => new OnnxAudioExtractor(entry, baseDirectory, extractorOptions),
                _ => new OnnxTextExtractor(entry, baseDirectory, extractorOptions),
            };
            var features = extractor.Extract(media);
            if (features.Data.Any(v => !float.IsFinite(v)))
            {
                return result with { Problem = $"{where}: the probe's features hold NaN or infinite values; check the export and 'output'" };
            }

            var times = new double[options.Runs];
            for (var i = 0; i < times.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                extractor.Extract(media);
                times[i] = watch.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            var median = times.Length % 2 == 1 ? times[times.Length / 2] : (times[(times.Length / 2) - 1] + times[times.Length / 2]) / 2;
            return result with
            {
                Probe = probe, FeatureShape = features.Shape.Select(d => (int)d).ToArray(),
                MillisecondsPerCall = median, MillisecondsPerUnit = median / units, Unit = unit,
            };
        }
        catch (Exception e) when (e is InvalidOperationException or OnnxRuntimeException or MeijuDataException
                                      or FeatureInputMissingException or IOException or ArgumentException)
        {
            var message = FirstLine(e.Message);
            return result with { Problem = message.StartsWith(where, StringComparison.Ordinal) ? message : $"{where}: probe run failed: {message}" };
        }
    }

    private static (UtteranceMedia Media, string Probe, double Units, string Unit) ProbeMedia(ManifestEntry entry, ModelCheckOptions options)
    {
        var empty = new UtteranceMedia("probe", "(models check probe)", [], null, [], new Dictionary<string, string>());
        var random = new Random(13);
        switch (entry.Kind)
        {
            case ModelKind.Image when (entry.Image?.Source ?? "frames").Equals("faces", StringComparison.OrdinalIgnoreCase):
                var faces = Enumerable.Range(0, options.Frames).Select(i =>
                {
                    var gray = new byte[96 * 96];
                    random.NextBytes(gray);
                    return new FaceCrop(i, 96, gray, [.. gray.SelectMany(g => new[] { g, g, g })], (0, 0, 96, 96), 1f);
                }).ToList();
                return (empty with { Faces = faces }, $"{Plural(options.Frames, "face")} 96x96", options.Frames, "face");
            case ModelKind.Image:
                var frames = Enumerable.Range(0, options.Frames).Select(i =>
                {
                    var rgb = new byte[640 * 360 * 3];
                    random.NextBytes(rgb);
                    return new VideoFrame(640, 360, rgb, i * 10, i * 10 / 25.0);
                }).ToList();
                return (empty with { Frames = frames }, $"{Plural(options.Frames, "frame")} 640x360", options.Frames, "frame");
            case ModelKind.Audio:
                var rate = entry.Audio?.SampleRate ?? 16000;
                var samples = new float[(int)(options.AudioSeconds * rate)];
                for (var i = 0; i < samples.Length; i++)
                {
                    // A voiced-like 150 Hz tone with light noise: what a speech encoder expects in level and shape.
                    samples[i] = (float)((0.1 * Math.Sin(2 * Math.PI * 150 * i / rate)) + (0.01 * ((random.NextDouble() * 2) - 1)));
                }

                return (empty with { Audio = new AudioSignal(samples, rate) }, $"{options.AudioSeconds:0.##} s of audio", options.AudioSeconds, "audio s");
            default:
                var streams = entry.Text?.Streams is { Length: > 0 } s ? s : ["transcript"];
                return (empty with { Texts = new Dictionary<string, string> { [streams[0]] = ProbeText } }, "one sentence", 1, "call");
        }
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string FirstLine(string message)
    {
        var cut = message.IndexOfAny(['\r', '\n']);
        return (cut >= 0 ? message[..cut] : message).Trim();
    }
}
