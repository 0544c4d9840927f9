using System.Diagnostics;
using System.Globalization;
using Meiju.Features.Extraction;
using Meiju.IO;

namespace Meiju.Features.Evaluation;

/// <summary>One memory reading taken while an extraction job ran.</summary>
/// <param name="Items">Items finished (extracted or failed) when the reading was taken.</param>
/// <param name="Seconds">Seconds since the job started.</param>
/// <param name="WorkingSetMiB">The process's resident set (native memory of ONNX Runtime and OpenCV included).</param>
/// <param name="GcHeapMiB">Managed heap in use when read (no collection forced).</param>
/// <param name="PrivateMiB">The process's private memory.</param>
public sealed record MemorySample(int Items, double Seconds, double WorkingSetMiB, double GcHeapMiB, double PrivateMiB);

/// <summary>What <see cref="ExtractionMemoryBenchmark.Run"/> measured.</summary>
/// <param name="Samples">Readings in order: one before the first item, then every N items, then at the end.</param>
/// <param name="Report">The extraction job's own report (stage timings, failures, real-time factor).</param>
public sealed record MemoryBenchmarkResult(IReadOnlyList<MemorySample> Samples, ExtractionReport Report)
{
    /// <summary>Reading after the first N items: the baseline once models and buffers are warm.</summary>
    public MemorySample Warm => Samples.Count > 1 ? Samples[1] : Samples[0];

    /// <summary>The last reading.</summary>
    public MemorySample End => Samples[^1];

    /// <summary>Largest resident set seen.</summary>
    public double MaxWorkingSetMiB => Samples.Max(s => s.WorkingSetMiB);
}

/// <summary>
/// Checks that extraction memory stays flat over many items: a folder of links that cycle a few real clips under
/// distinct names stands for a large corpus, a <see cref="FeatureExtractionJob"/> runs over it, and the process's
/// resident set and managed heap are read every N finished items. A leak shows as a rising line.
/// </summary>
public static class ExtractionMemoryBenchmark
{
    /// <summary>
    /// Fills <paramref name="folder"/> with <paramref name="count"/> symbolic links named <c>item-00001.ext</c>,
    /// ... that cycle through <paramref name="sources"/> (so each is a distinct item with real content), and returns
    /// their paths in order.
    /// </summary>
    public static IReadOnlyList<string> PrepareInputs(IReadOnlyList<string> sources, int count, string folder)
    {
        if (sources.Count == 0)
        {
            throw new ArgumentException("no source media to cycle", nameof(sources));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Directory.CreateDirectory(folder);
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var source = Path.GetFullPath(sources[i % sources.Count]);
            var link = Path.Combine(folder, $"item-{i + 1:D5}{Path.GetExtension(source)}");
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, source);
            }

            paths.Add(link);
        }

        return paths;
    }

    /// <summary>
    /// Runs <paramref name="job"/> over <paramref name="inputs"/>, reading memory every <paramref name="every"/>
    /// items; when <paramref name="csvPath"/> is given, the CSV is rewritten after every reading, so a run stopped
    /// early still leaves its curve.
    /// </summary>
    public static async Task<MemoryBenchmarkResult> Run(
        FeatureExtractionJob job,
        IReadOnlyList<string> inputs,
        int every,
        IProgress<ExtractionProgress>? progress = null,
        string? csvPath = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        var sampler = new Sampler(every, progress, csvPath);
        sampler.Take(0);
        var report = await job.RunAsync(inputs, sampler, cancellationToken).ConfigureAwait(false);
        sampler.Take(report.Total);
        return new MemoryBenchmarkResult(sampler.Samples, report);
    }

    /// <summary>Writes the samples as CSV: items, seconds, working_set_mib, gc_heap_mib, private_mib.</summary>
    public static void WriteCsv(string path, IReadOnlyList<MemorySample> samples)
    {
        static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        AtomicFile.WriteAllLines(path, samples
            .Select(s => $"{s.Items},{F(s.Seconds)},{F(s.WorkingSetMiB)},{F(s.GcHeapMiB)},{F(s.PrivateMiB)}")
            .Prepend("items,seconds,working_set_mib,gc_heap_mib,private_mib"));
    }

    /// <summary>
    /// Takes a reading when the finished count crosses a multiple of N. The job reports progress from its worker
    /// threads, so this runs synchronously there (no SynchronizationContext hop that would read memory late).
    /// </summary>
    private sealed class Sampler : IProgress<ExtractionProgress>
    {
        private readonly Lock _lock = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly int _every;
        private readonly IProgress<ExtractionProgress>? _inner;
        private int _next;

        private readonly string? _csvPath;

        public Sampler(int every, IProgress<ExtractionProgress>? inner, string? csvPath)
        {
            _csvPath = csvPath;
            _every = every;
            _inner = inner;
            _next = every;
        }

        public List<MemorySample> Samples { get; } = [];

        public void Report(ExtractionProgress value)
        {
            _inner?.Report(value);
            lock (_lock)
            {
                if (value.Done >= _next)
                {
                    TakeLocked(value.Done);
                    _next = (value.Done / _every + 1) * _every;
                }
            }
        }

        public void Take(int items)
        {
            lock (_lock)
            {
                TakeLocked(items);
            }
        }

        // GetGCMemoryInfo describes the last collection and reads 0 before the first one (a fresh process, a
        // short run), so the heap in use now is read instead.
        private static long ManagedHeapBytes() => GC.GetTotalMemory(forceFullCollection: false);

        private void TakeLocked(int items)
        {
            if (Samples.Count > 0 && Samples[^1].Items == items)
            {
                return;
            }

            const double MiB = 1024.0 * 1024.0;
            using var process = Process.GetCurrentProcess();
            Samples.Add(new MemorySample(
                items, _clock.Elapsed.TotalSeconds, process.WorkingSet64 / MiB,
                ManagedHeapBytes() / MiB, process.PrivateMemorySize64 / MiB));
            if (_csvPath is not null)
            {
                WriteCsv(_csvPath, Samples);
            }
        }
    }
}
