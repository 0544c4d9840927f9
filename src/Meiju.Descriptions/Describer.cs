using Meiju.Media;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Meiju.Descriptions;

/// <summary>
/// Asks the vision and audio language models every prompt of a <see cref="PromptSet"/> about every utterance and
/// records each answer (or error) in a <see cref="DescriptionStore"/> as it arrives. Answers already in the store
/// are not asked again, so an interrupted run resumes where it stopped. Per-item problems (no audio track, a server
/// that times out, a malformed answer) are recorded, never thrown; only cancellation and store failures propagate.
/// </summary>
public sealed class Describer : IDisposable
{
    /// <summary>File extensions <see cref="FindMedia"/> picks up.</summary>
    public static readonly IReadOnlySet<string> MediaExtensions = MediaFileTypes.Clips;

    private readonly DescriptionStore _store;
    private readonly IDescriptionMediaSource _media;
    private readonly DescribeOptions _options;
    private readonly Dictionary<DescriptionModality, EndpointPool> _pools = [];
    private readonly IReadOnlyList<DescriptionPrompt> _prompts;
    private readonly ModelRequester _requester;
    private readonly SemaphoreSlim _requestGate;

    /// <summary>
    /// Prepares a run. Prompts whose modality has no server (e.g. no <paramref name="audio"/> given) are skipped;
    /// at least one prompt must remain.
    /// </summary>
    public Describer(DescriptionStore store, IDescriptionMediaSource media, PromptSet prompts,
        DescriptionServer? vision, DescriptionServer? audio, DescribeOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        _media = media;
        _options = options;
        if (vision is not null)
        {
            _pools[DescriptionModality.Vision] = new EndpointPool(vision, options);
        }

        if (audio is not null)
        {
            _pools[DescriptionModality.Audio] = new EndpointPool(audio, options);
        }

        _prompts = prompts.Prompts.Where(p => _pools.ContainsKey(p.Modality)).ToList();
        if (_prompts.Count == 0)
        {
            throw new ArgumentException("no prompt can be asked: give a vision endpoint, an audio endpoint, or both, matching the prompt set");
        }

        _requester = new ModelRequester(options);
        _requestGate = new SemaphoreSlim(options.Concurrency, options.Concurrency);
    }

    /// <summary>The prompts this run asks (those with a server for their modality).</summary>
    public IReadOnlyList<DescriptionPrompt> ActivePrompts => _prompts;

    /// <summary>The media files directly in <paramref name="directory"/>, sorted by name.</summary>
    public static IReadOnlyList<string> FindMedia(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: media folder not found");
        }

        return Directory.EnumerateFiles(directory)
            .Where(f => MediaExtensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The cache key's input hash: what the model is shown is fixed by the file's bytes, the modality and the
    /// decoder's settings, so hashing those lets a re-run skip decoding entirely.
    /// </summary>
    public static string InputHash(string fileSha256, DescriptionModality modality, string fingerprint) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"meiju-describe-v1\n{modality}\n{fingerprint}\n{fileSha256}")));

    /// <summary>Describes every file in <paramref name="mediaPaths"/>; the utterance name is the file name without extension.</summary>
    public async Task<DescribeSummary> RunAsync(IReadOnlyList<string> mediaPaths, IProgress<DescribeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mediaPaths);
        var duplicate = mediaPaths.GroupBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two media files share the utterance name '{duplicate.Key}': {string.Join(", ", duplicate)}");
        }

        var counters = new Counters(mediaPaths.Count * _prompts.Count, progress);
        counters.Report();
        await Parallel.ForEachAsync(mediaPaths,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            (path, ct) => new ValueTask(DescribeOneAsync(path, counters, ct))).ConfigureAwait(false);
        var failures = counters.Failures.OrderBy(r => r.Key.Utterance, StringComparer.Ordinal).ThenBy(r => r.Key.Stream, StringComparer.Ordinal).ToList();
        return new DescribeSummary(mediaPaths.Count, counters.Done, counters.Cached, counters.Failed, failures);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }

        _requestGate.Dispose();
    }

    private async Task DescribeOneAsync(string path, Counters counters, CancellationToken ct)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        string fileHash;
        string? mediaError = null;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            fileHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            fileHash = "unreadable";
            mediaError = $"{path}: cannot read the file: {ex.Message}";
        }

        var pending = new List<DescriptionKey>();
        var promptOf = new Dictionary<DescriptionKey, DescriptionPrompt>();
        foreach (var prompt in _prompts)
        {
            var key = new DescriptionKey(name, prompt.Stream, prompt.Text, _pools[prompt.Modality].Model,
                InputHash(fileHash, prompt.Modality, _media.Fingerprint));
            if (mediaError is null && _store.Get(key) is { Status: DescriptionStatus.Ok })
            {
                counters.AddCached();
                continue;
            }

            pending.Add(key);
            promptOf[key] = prompt;
        }

        if (pending.Count == 0)
        {
            return;
        }

        DescriptionMedia? media = null;
        if (mediaError is null)
        {
            try
            {
                var parts = pending.Aggregate(DescriptionMediaParts.None, (acc, key) => acc | (promptOf[key].Modality == DescriptionModality.Vision
                    ? DescriptionMediaParts.Frames
                    : DescriptionMediaParts.Audio));
                media = await _media.LoadAsync(path, parts, ct).ConfigureAwait(false);
            }
            catch (MeijuDataException ex)
            {
                mediaError = ex.Message;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                mediaError = $"{path}: cannot decode: {ex.Message}";
            }
        }

        var contents = new Dictionary<DescriptionModality, Lazy<List<AIContent>>>
        {
            [DescriptionModality.Vision] = new(() => media!.Frames.Select(f => (AIContent)new DataContent(MediaEncoding.Png(f), "image/png")).ToList()),
            [DescriptionModality.Audio] = new(() => [new DataContent(MediaEncoding.Wav(media!.Audio!), "audio/wav")]),
        };
        await Task.WhenAll(pending.Select(key => AskAsync(key, promptOf[key], path, media, mediaError, contents, counters, ct))).ConfigureAwait(false);
    }

    private async Task AskAsync(DescriptionKey key, DescriptionPrompt prompt, string path, DescriptionMedia? media, string? mediaError,
        Dictionary<DescriptionModality, Lazy<List<AIContent>>> contents, Counters counters, CancellationToken ct)
    {
        var problem = mediaError ?? (prompt.Modality, media) switch
        {
            (DescriptionModality.Vision, { Frames.Count: 0 }) => $"{path}: no video frames to show (the file has no video stream)",
            (DescriptionModality.Audio, { Audio: null }) => $"{path}: the file has no audio track",
            (DescriptionModality.Audio, { Audio.Samples.Length: 0 }) => $"{path}: the audio track is empty",
            _ => null,
        };
        if (problem is not null)
        {
            Record(new DescriptionRecord(key, DescriptionStatus.Failed, null, problem, 0, null, 0, DateTime.UtcNow), counters);
            return;
        }

        List<AIContent> parts;
        lock (contents)
        {
            parts = [.. contents[prompt.Modality].Value, new TextContent(prompt.Text)];
        }

        await _requestGate.WaitAsync(ct).ConfigureAwait(false);
        ModelRequester.Outcome outcome;
        try
        {
            outcome = await _requester.AskAsync(_pools[prompt.Modality], $"{key.Utterance}/{key.Stream}", parts, ct).ConfigureAwait(false);
        }
        finally
        {
            _requestGate.Release();
        }

        Record(new DescriptionRecord(key, outcome.Answer is null ? DescriptionStatus.Failed : DescriptionStatus.Ok,
            outcome.Answer, outcome.Error, outcome.Attempts, outcome.Endpoint, outcome.ElapsedMs, DateTime.UtcNow), counters);
    }

    private void Record(DescriptionRecord record, Counters counters)
    {
        _store.Put(record);
        if (record.Status == DescriptionStatus.Ok)
        {
            counters.AddDone();
        }
        else
        {
            counters.AddFailed(record);
        }
    }

    private sealed class Counters(int total, IProgress<DescribeProgress>? progress)
    {
        private readonly Lock _gate = new();

        public ConcurrentQueue<DescriptionRecord> Failures { get; } = new();

        public int Done { get; private set; }

        public int Cached { get; private set; }

        public int Failed { get; private set; }

        public void AddDone() => Update(() => Done++);

        public void AddCached() => Update(() => Cached++);

        public void AddFailed(DescriptionRecord record)
        {
            Failures.Enqueue(record);
            Update(() => Failed++);
        }

        public void Report() => Update(() => { });

        private void Update(Action change)
        {
            lock (_gate)
            {
                change();
                progress?.Report(new DescribeProgress(total, Done, Cached, Failed));
            }
        }
    }
}
