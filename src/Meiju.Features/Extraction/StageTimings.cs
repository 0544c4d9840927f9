using System.Collections.Concurrent;
using System.Diagnostics;

namespace Meiju.Features.Extraction;

/// <summary>
/// Wall time per stage (decoding, each extractor, writing) summed over items, so that a benchmark can report the
/// real-time factor and where the time goes. Thread-safe; stages run in parallel items add up.
/// </summary>
public sealed class StageTimings
{
    private readonly ConcurrentDictionary<string, StageTotal> _stages = new(StringComparer.Ordinal);

    /// <summary>Adds one measurement of <paramref name="stage"/>.</summary>
    public void Add(string stage, TimeSpan elapsed)
    {
        var total = _stages.GetOrAdd(stage, _ => new StageTotal());
        Interlocked.Add(ref total.Ticks, elapsed.Ticks);
        Interlocked.Increment(ref total.Calls);
    }

    /// <summary>Runs <paramref name="action"/> and records its time under <paramref name="stage"/>.</summary>
    public T Measure<T>(string stage, Func<T> action)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return action();
        }
        finally
        {
            Add(stage, Stopwatch.GetElapsedTime(start));
        }
    }

    /// <summary>Totals so far, by stage name.</summary>
    public IReadOnlyDictionary<string, StageSummary> Snapshot() =>
        _stages.OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(s => s.Key, s => new StageSummary(TimeSpan.FromTicks(Interlocked.Read(ref s.Value.Ticks)).TotalSeconds, Interlocked.Read(ref s.Value.Calls)));

    private sealed class StageTotal
    {
        public long Ticks;
        public long Calls;
    }
}

/// <summary>Time spent in one stage.</summary>
/// <param name="Seconds">Summed wall seconds (over parallel workers, so it can exceed the job's wall time).</param>
/// <param name="Calls">Number of measurements.</param>
public sealed record StageSummary(double Seconds, long Calls);
