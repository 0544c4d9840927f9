using System.Diagnostics;
using Meiju.Media;

namespace Meiju.Features.Evaluation;

/// <summary>Cost of one extractor on synthetic media of a fixed size.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Unit">What one call covered, e.g. "8 frames 640x360" or "10 s of audio".</param>
/// <param name="Calls">Timed calls (after one warm-up call).</param>
/// <param name="WallMsPerCall">Median wall milliseconds per call.</param>
/// <param name="CpuMsPerCall">Process CPU milliseconds per call (all threads; robust to other load on the box).</param>
/// <param name="MediaSecondsPerCall">Seconds of media one call stands for, at the assumed sampling.</param>
public sealed record ExtractorCost(string Feature, string Unit, int Calls, double WallMsPerCall, double CpuMsPerCall, double MediaSecondsPerCall)
{
    /// <summary>Media seconds per CPU second on one core: the real-time factor this extractor alone allows per core.</summary>
    public double RealTimeFactorPerCore => CpuMsPerCall > 0 ? MediaSecondsPerCall * 1000 / CpuMsPerCall : double.PositiveInfinity;
}

/// <summary>
/// Times extractors on synthetic media standing for <see cref="MediaSeconds"/> of video: frames sampled every
/// 10th frame at 25 fps (the baseline's rate, 2.5 frames/s) at 640×360, one 112×112 face per sampled frame, 16 kHz
/// audio, and a 20-word sentence. The lead's end-to-end benchmark adds decoding; this isolates the extractors.
/// </summary>
public static class ExtractorBenchmark
{
    /// <summary>Seconds of media each synthetic utterance stands for.</summary>
    public const double MediaSeconds = 4.0;

    /// <summary>Runs <paramref name="calls"/> timed calls of each extractor (after one warm-up call).</summary>
    public static IReadOnlyList<ExtractorCost> Run(IEnumerable<IFeatureExtractor> extractors, int calls = 5, int seed = 13)
    {
        var media = Synthetic(seed);
        var results = new List<ExtractorCost>();
        var process = Process.GetCurrentProcess();
        foreach (var extractor in extractors)
        {
            extractor.Extract(media);
            var wall = new List<double>();
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                extractor.Extract(media);
                wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuStart).TotalMilliseconds / calls;
            wall.Sort();
            var unit = extractor.Input switch
            {
                FeatureInput.Frames => $"{media.Frames.Count} frames 640x360",
                FeatureInput.Faces => $"{media.Faces.Count} faces 112x112",
                FeatureInput.Audio => $"{MediaSeconds:F0} s of 16 kHz audio",
                _ => "one 20-word sentence",
            };
            results.Add(new ExtractorCost(extractor.Name, unit, calls, wall[wall.Count / 2], cpu, MediaSeconds));
        }

        return results;
    }

    /// <summary>The synthetic utterance (seeded noise images, a voiced tone with noise, an English sentence).</summary>
    public static UtteranceMedia Synthetic(int seed)
    {
        var rng = new Random(seed);
        var frameCount = (int)(MediaSeconds * 2.5);
        var frames = new List<VideoFrame>();
        var faces = new List<FaceCrop>();
        for (var i = 0; i < frameCount; i++)
        {
            var rgb = new byte[640 * 360 * 3];
            rng.NextBytes(rgb);
            frames.Add(new VideoFrame(640, 360, rgb, i * 10, i * 0.4));
            var face = new byte[112 * 112 * 3];
            rng.NextBytes(face);
            var gray = new byte[112 * 112];
            rng.NextBytes(gray);
            faces.Add(new FaceCrop(i * 10, 112, gray, face, (0, 0, 112, 112), 1f));
        }

        var samples = new float[(int)(MediaSeconds * 16000)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((0.3 * Math.Sin(2 * Math.PI * 140 * i / 16000.0)) + (0.02 * ((rng.NextDouble() * 2) - 1)));
        }

        var text = "I really did not expect you to come back so early today, but I am glad you are here with us now";
        return new UtteranceMedia("synthetic", "(synthetic)", frames, new AudioSignal(samples, 16000), faces, new Dictionary<string, string> { ["transcript"] = text });
    }
}
