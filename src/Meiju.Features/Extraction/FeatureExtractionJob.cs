using System.Diagnostics;
using System.Text.Json;
using Meiju.IO;
using Meiju.Media;

namespace Meiju.Features.Extraction;

/// <summary>Settings of one extraction run.</summary>
/// <param name="OutputRoot">The feature root: features go to <c>OutputRoot/&lt;feature&gt;/&lt;item&gt;.npy</c>.</param>
/// <param name="Jobs">Items processed at once (bounded, so memory holds at most this many decoded items).</param>
/// <param name="Shard">Only the items of this shard, or all when null.</param>
public sealed record ExtractionJobOptions(string OutputRoot, int Jobs = 2, ShardSpec? Shard = null);

/// <summary>
/// Extracts features for many media files: parallel across items, resumable (an item whose feature files all exist
/// is skipped; files are written atomically, so a kill loses at most the items in flight), shardable by a stable
/// hash of the item name, and tolerant (every failure is recorded per item in the errors file and the batch goes on).
/// </summary>
public sealed class FeatureExtractionJob
{
    /// <summary>File extensions taken from a folder of media.</summary>
    public static IReadOnlySet<string> MediaExtensions => MediaFileTypes.Clips;

    private readonly IMediaLoader _loader;
    private readonly IReadOnlyList<IFeatureExtractor> _extractors;
    private readonly ExtractionJobOptions _options;

    /// <summary>Creates the job.</summary>
    public FeatureExtractionJob(IMediaLoader loader, IReadOnlyList<IFeatureExtractor> extractors, ExtractionJobOptions options)
    {
        if (extractors.Count == 0)
        {
            throw new ArgumentException("no features requested", nameof(extractors));
        }

        var duplicate = extractors.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"feature '{duplicate.Key}' is requested twice", nameof(extractors));
        }

        if (options.Jobs <= 0)
        {
            throw new ArgumentException("--jobs must be at least 1", nameof(options));
        }

        _loader = loader;
        _extractors = extractors;
        _options = options;
        Timings = new StageTimings();
    }

    /// <summary>
    /// Prefix of the stages that split "decode" by the loader's own stages (<see cref="UtteranceMedia.StageSeconds"/>),
    /// e.g. "decode/faces": they are parts of "decode", not extra time.
    /// </summary>
    public const string DecodePartPrefix = "decode/";

    /// <summary>Per-stage wall time collected while running (the benchmark hook).</summary>
    public StageTimings Timings { get; }

    /// <summary>The errors file of this run: <c>extract-errors.jsonl</c>, or one per shard so shards never share a file.</summary>
    public string ErrorsFile => Path.Combine(
        _options.OutputRoot,
        _options.Shard is { } s ? $"extract-errors.shard-{s.Index}-of-{s.Count}.jsonl" : "extract-errors.jsonl");

    /// <summary>The item name of a media path (its file name without extension).</summary>
    public static string ItemName(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>Where feature <paramref name="feature"/> of <paramref name="item"/> is written.</summary>
    public string FeaturePath(string feature, string item) => Path.Combine(_options.OutputRoot, feature, item + ".npy");

    /// <summary>
    /// Lists the media to process: every media file under a folder (recursively, sorted), or the lines of a list file
    /// (paths relative to the list's folder; a MEIJU label list's <c>name.mp4 emotion intent</c> lines work too).
    /// </summary>
    /// <param name="videos">The folder or list file.</param>
    /// <param name="found">Told the running count of media files found while a large folder is walked.</param>
    /// <param name="skippedLink">Told each directory link skipped because it leads to a folder already walked (a loop).</param>
    /// <exception cref="MeijuDataException">The folder or list does not exist.</exception>
    public static IReadOnlyList<string> ListInputs(string videos, IProgress<int>? found = null, Action<string>? skippedLink = null)
    {
        if (Directory.Exists(videos))
        {
            var files = new List<string>();
            foreach (var f in DirectoryWalk.Files(videos, skippedLink).Where(f => MediaExtensions.Contains(Path.GetExtension(f))))
            {
                files.Add(f);
                if (files.Count % 1000 == 0)
                {
                    found?.Report(files.Count);
                }
            }

            files.Sort(StringComparer.Ordinal);
            return files;
        }

        if (!File.Exists(videos))
        {
            throw new MeijuDataException(videos, "no such folder or list file");
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(videos))!;
        var result = new List<string>();
        foreach (var raw in File.ReadLines(videos))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var path = Path.Combine(baseDir, line);
            if (!File.Exists(path))
            {
                var first = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
                var candidate = Path.Combine(baseDir, first);
                path = File.Exists(candidate) || line.Contains(' ', StringComparison.Ordinal) ? candidate : path;
            }

            result.Add(Path.GetFullPath(path));
        }

        return result;
    }

    /// <summary>True when every requested feature file of <paramref name="item"/> exists.</summary>
    public bool IsDone(string item) => _extractors.All(e => File.Exists(FeaturePath(e.Name, item)));

    /// <summary>The warnings file of this run: items whose media was capped (features cover only their start).</summary>
    public string WarningsFile => Path.Combine(
        _options.OutputRoot,
        _options.Shard is { } s ? $"extract-warnings.shard-{s.Index}-of-{s.Count}.jsonl" : "extract-warnings.jsonl");

    /// <summary>Runs the job over <paramref name="inputs"/> (only this shard's items).</summary>
    /// <exception cref="MeijuDataException">
    /// The output root is a file, another run holds its lock, or the disk filled up (finished items are kept).
    /// </exception>
    public async Task<ExtractionReport> RunAsync(
        IReadOnlyList<string> inputs,
        IProgress<ExtractionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (File.Exists(_options.OutputRoot))
        {
            throw new MeijuDataException(_options.OutputRoot, "is a file; --out must be a folder (the feature root)");
        }

        using var folderLock = OutputFolderLock.Acquire(_options.OutputRoot, LockName, "meiju extract");
        var mine = inputs.Where(p => _options.Shard?.Contains(ItemName(p)) ?? true).ToList();
        var run = new RunLog(ErrorsFile, _extractors.Select(e => e.Name));
        try
        {
            var work = Pending(mine, run);
            progress?.Report(new ExtractionProgress(run.Done, mine.Count, run.FailedItems, ""));
            await Parallel.ForEachAsync(
                work,
                new ParallelOptions { MaxDegreeOfParallelism = _options.Jobs, CancellationToken = cancellationToken },
                async (path, ct) =>
                {
                    var item = ItemName(path);
                    var outcome = await ProcessAsync(path, item, run, ct).ConfigureAwait(false);
                    run.Finished(outcome.Succeeded, outcome.MediaSeconds);
                    progress?.Report(new ExtractionProgress(run.Done, mine.Count, run.FailedItems, item));
                }).ConfigureAwait(false);
        }
        catch (IOException ex) when (DiskFull.Is(ex))
        {
            throw DiskFull.Error(_options.OutputRoot, $"{run.Completed} item(s) finished in this run are kept and will be skipped next time");
        }
        finally
        {
            run.Dispose();
        }

        var report = run.Report(mine.Count, clock.Elapsed.TotalSeconds, Timings.Snapshot());
        WriteWarnings(report.Warnings);
        report = report with { WarningsFile = report.Warnings.Count > 0 ? WarningsFile : null };
        WriteTimings(report);
        return report;
    }

    private string LockName => _options.Shard is { } s ? $".extract.shard-{s.Index}-of-{s.Count}.lock" : ".extract.lock";

    /// <summary>This run's items that still need work: duplicates are recorded as errors, finished items skipped.</summary>
    private List<string> Pending(List<string> mine, RunLog run)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var work = new List<string>();
        foreach (var path in mine)
        {
            var item = ItemName(path);
            if (!seen.Add(item))
            {
                run.Record(new ExtractionError(item, path, null, "duplicate_name", $"another input already has the name '{item}'; feature files would collide"));
                run.Finished(succeeded: false, 0);
            }
            else if (IsDone(item))
            {
                foreach (var e in _extractors)
                {
                    run.Count(e.Name, FeatureOutcome.AlreadyDone);
                }

                run.Skipped();
            }
            else
            {
                work.Add(path);
            }
        }

        return work;
    }

    private void WriteWarnings(IReadOnlyList<ExtractionError> warnings)
    {
        if (warnings.Count == 0)
        {
            File.Delete(WarningsFile);
            return;
        }

        AtomicFile.WriteAllText(WarningsFile, string.Concat(warnings.Select(w => JsonSerializer.Serialize(w, RunLog.JsonLine) + "\n")));
    }

    private async Task<(bool Succeeded, double MediaSeconds)> ProcessAsync(string path, string item, RunLog run, CancellationToken ct)
    {
        UtteranceMedia media;
        var start = Stopwatch.GetTimestamp();
        try
        {
            media = await _loader.LoadAsync(path, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            run.Record(new ExtractionError(item, path, null, "corrupt", e.Message));
            foreach (var extractor in _extractors)
            {
                run.Count(extractor.Name, FeatureOutcome.Failed);
            }

            return (false, 0);
        }
        finally
        {
            Timings.Add("decode", Stopwatch.GetElapsedTime(start));
        }

        // The loader's own stages (probe, frames, audio, faces, ...) as parts of "decode", so a benchmark can
        // say which part of media loading costs what.
        foreach (var (stage, seconds) in media.StageSeconds)
        {
            Timings.Add(DecodePartPrefix + stage, TimeSpan.FromSeconds(seconds));
        }

        foreach (var capped in media.Warnings.Where(w => w.Contains("capped", StringComparison.Ordinal)))
        {
            run.Warn(new ExtractionError(item, path, null, "capped", $"{capped}: the features cover only the start of this input"));
        }

        var succeeded = true;
        foreach (var extractor in _extractors)
        {
            ct.ThrowIfCancellationRequested();
            var target = FeaturePath(extractor.Name, item);
            if (File.Exists(target))
            {
                run.Count(extractor.Name, FeatureOutcome.AlreadyDone);
                continue;
            }

            try
            {
                var features = Timings.Measure(extractor.Name, () => extractor.Extract(media));
                if (features.Shape.Length != 2 || features.Shape[0] < 1 || features.Shape[1] != extractor.Dimension)
                {
                    throw new InvalidDataException($"{extractor.Name} produced shape {features.ShapeText}, expected (T>=1, {extractor.Dimension})");
                }

                Timings.Measure("write", () =>
                {
                    NpyFile.Write(target, features);
                    return 0;
                });
                run.Count(extractor.Name, FeatureOutcome.Written);
                continue;
            }
            catch (FeatureInputMissingException e)
            {
                run.Record(new ExtractionError(item, path, extractor.Name, e.Kind, e.Message));
            }
            catch (InvalidDataException e)
            {
                run.Record(new ExtractionError(item, path, extractor.Name, "bad_output", e.Message));
            }
            catch (Exception e) when (e is not OperationCanceledException && !DiskFull.Is(e))
            {
                run.Record(new ExtractionError(item, path, extractor.Name, "error", $"{e.GetType().Name}: {e.Message}"));
            }

            run.Count(extractor.Name, FeatureOutcome.Failed);
            succeeded = false;
        }

        return (succeeded, MediaSeconds(media));
    }

    /// <summary>The duration of a decoded item: its audio length, else the time of its last frame.</summary>
    public static double MediaSeconds(UtteranceMedia media) =>
        media.Audio is { DurationSeconds: > 0 } audio ? audio.DurationSeconds
        : media.Frames.Count > 0 ? media.Frames[^1].TimeSeconds
        : 0;

    private void WriteTimings(ExtractionReport report)
    {
        var name = _options.Shard is { } s ? $"extract-timings.shard-{s.Index}-of-{s.Count}.json" : "extract-timings.json";
        var summary = new
        {
            report.Total,
            report.Completed,
            report.Skipped,
            report.Failed,
            report.WallSeconds,
            report.MediaSeconds,
            report.RealTimeFactor,
            Jobs = _options.Jobs,
            Stages = report.Stages,
        };
        AtomicFile.WriteAllText(Path.Combine(_options.OutputRoot, name), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
    }
}
