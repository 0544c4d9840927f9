using System.Text.Json;

namespace Meiju.Features.Extraction;

/// <summary>
/// The bookkeeping of one extraction run, shared by its parallel workers: errors (also streamed to the errors file
/// as they happen, so a killed run still says what failed), warnings, and per-item and per-feature counts.
/// </summary>
internal sealed class RunLog : IDisposable
{
    /// <summary>One JSON object per line, snake_case, as the errors and warnings files are written.</summary>
    public static readonly JsonSerializerOptions JsonLine = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly Lock _lock = new();
    private readonly List<ExtractionError> _errors = [];
    private readonly List<ExtractionError> _warnings = [];
    private readonly HashSet<string> _failedItems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _features;
    private readonly StreamWriter _errorWriter;
    private readonly string _errorsFile;
    private int _completed;
    private int _skipped;
    private int _done;
    private long _mediaMilliseconds;

    /// <summary>Opens (and truncates: it describes this run) the errors file.</summary>
    public RunLog(string errorsFile, IEnumerable<string> features)
    {
        _errorsFile = errorsFile;
        _features = features.ToDictionary(f => f, _ => new int[3], StringComparer.Ordinal);
        _errorWriter = new StreamWriter(errorsFile, append: false) { AutoFlush = true };
    }

    /// <summary>Items finished so far (extracted, skipped or failed).</summary>
    public int Done => Volatile.Read(ref _done);

    /// <summary>Items that now have every feature, written in this run.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Items with at least one error so far.</summary>
    public int FailedItems
    {
        get
        {
            lock (_lock)
            {
                return _failedItems.Count;
            }
        }
    }

    /// <summary>Records a failure and appends it to the errors file.</summary>
    public void Record(ExtractionError error)
    {
        lock (_lock)
        {
            _errors.Add(error);
            _failedItems.Add(error.Item);
            _errorWriter.WriteLine(JsonSerializer.Serialize(error, JsonLine));
        }
    }

    /// <summary>Records something the user should know that is not a failure (a capped input).</summary>
    public void Warn(ExtractionError warning)
    {
        lock (_lock)
        {
            _warnings.Add(warning);
        }
    }

    /// <summary>Counts one feature's outcome for one item.</summary>
    public void Count(string feature, FeatureOutcome outcome) => Interlocked.Increment(ref _features[feature][(int)outcome]);

    /// <summary>An item skipped because every feature existed already.</summary>
    public void Skipped()
    {
        Interlocked.Increment(ref _skipped);
        Interlocked.Increment(ref _done);
    }

    /// <summary>An item processed in this run.</summary>
    public void Finished(bool succeeded, double mediaSeconds)
    {
        if (succeeded)
        {
            Interlocked.Increment(ref _completed);
        }

        Interlocked.Add(ref _mediaMilliseconds, (long)(mediaSeconds * 1000));
        Interlocked.Increment(ref _done);
    }

    /// <summary>The report of the finished run.</summary>
    public ExtractionReport Report(int total, double wallSeconds, IReadOnlyDictionary<string, StageSummary> stages)
    {
        lock (_lock)
        {
            var features = _features.ToDictionary(kv => kv.Key, kv => new FeatureCount(kv.Value[0], kv.Value[1], kv.Value[2]), StringComparer.Ordinal);
            return new ExtractionReport(total, _completed, _skipped, _failedItems.Count, [.. _errors], wallSeconds, _mediaMilliseconds / 1000.0, stages, _errorsFile)
            {
                Features = features,
                Warnings = [.. _warnings],
            };
        }
    }

    /// <inheritdoc />
    public void Dispose() => _errorWriter.Dispose();
}
