namespace Meiju.Inference;

/// <summary>Median seconds per stage of a warm analyzer on one clip.</summary>
/// <param name="Clip">The clip.</param>
/// <param name="DurationSeconds">Its duration.</param>
/// <param name="Runs">Timed runs (after the warm-up).</param>
/// <param name="Median">Median seconds per stage (decode, features, model), of the whole call (total) and of decode's parts (decode.*).</param>
/// <param name="ColdSeconds">The first (warm-up) call's total: model sessions load there.</param>
public sealed record PredictionBenchmarkResult(string Clip, double DurationSeconds, int Runs, IReadOnlyDictionary<string, double> Median, double ColdSeconds);

/// <summary>The latency benchmark behind <c>meiju bench predict</c>.</summary>
public static class PredictionBenchmark
{
    /// <summary>One warm-up call, then <paramref name="runs"/> timed calls of <paramref name="analyzer"/> on <paramref name="clip"/>.</summary>
    public static PredictionBenchmarkResult Run(ClipAnalyzer analyzer, string clip, int runs, string? transcript = null, IProgress<(int Done, int Total)>? progress = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var first = analyzer.Analyze(clip, transcript);
        var cold = watch.Elapsed.TotalSeconds;
        var samples = new List<IReadOnlyDictionary<string, double>>();
        for (var r = 0; r < runs; r++)
        {
            watch.Restart();
            var a = analyzer.Analyze(clip, transcript);
            var total = watch.Elapsed.TotalSeconds;
            samples.Add(new Dictionary<string, double>(a.StageSeconds) { ["total"] = total });
            progress?.Report((r + 1, runs));
        }

        var stages = new[] { "decode", "features", "model", "total" }.Concat(samples[0].Keys.Where(k => k.StartsWith("decode.", StringComparison.Ordinal)));
        var median = stages.ToDictionary(s => s, s => Median(samples.Select(x => x.GetValueOrDefault(s)).ToList()));
        return new PredictionBenchmarkResult(Path.GetFileName(clip), first.DurationSeconds, runs, median, cold);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n == 0 ? double.NaN : n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
