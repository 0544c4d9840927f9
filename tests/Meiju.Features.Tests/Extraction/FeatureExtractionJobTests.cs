using System.Collections.Concurrent;
using System.Text.Json;
using Meiju.Features.Audio;
using Meiju.Features.Extraction;
using Meiju.IO;
using Meiju.Media;
using Meiju.Features;

namespace Meiju.Features.Tests.Extraction;

public sealed class FeatureExtractionJobTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-extract-");

    public void Dispose() => _dir.Delete(true);

    private sealed class FakeLoader(Func<string, UtteranceMedia> load) : IMediaLoader
    {
        public ConcurrentBag<string> Loaded { get; } = [];

        public Task<UtteranceMedia> LoadAsync(string path, CancellationToken cancellationToken = default)
        {
            Loaded.Add(path);
            return Task.FromResult(load(path));
        }
    }

    private static UtteranceMedia Speech(string path) =>
        TestMedia.WithAudio(TestMedia.Tone(0.5), name: Path.GetFileNameWithoutExtension(path)) with { SourcePath = path };

    private static List<string> Paths(int n) => Enumerable.Range(0, n).Select(i => $"/clips/utt_{i:D3}.mp4").ToList();

    private FeatureExtractionJob Job(IMediaLoader loader, ShardSpec? shard = null, params IFeatureExtractor[] extractors) =>
        new(loader, extractors.Length > 0 ? extractors : [new LogMelExtractor(), new MfccProsodyExtractor()], new ExtractionJobOptions(_dir.FullName, Jobs: 2, Shard: shard));

    [Fact]
    public async Task Writes_every_feature_then_resumes_without_work()
    {
        var loader = new FakeLoader(Speech);
        var first = await Job(loader).RunAsync(Paths(6));
        Assert.Equal(6, first.Completed);
        Assert.Equal(0, first.Failed);
        Assert.True(first.Succeeded);
        var logmel = NpyFile.Read(Path.Combine(_dir.FullName, "logmel", "utt_003.npy"));
        Assert.Equal(64, logmel.Shape[1]);
        Assert.Equal(41, NpyFile.Read(Path.Combine(_dir.FullName, "mfcc_prosody", "utt_003.npy")).Shape[1]);
        Assert.Equal(6, loader.Loaded.Count);

        var again = new FakeLoader(Speech);
        var second = await Job(again).RunAsync(Paths(6));
        Assert.Equal(6, second.Skipped);
        Assert.Equal(0, second.Completed);
        Assert.Empty(again.Loaded);
    }

    [Fact]
    public async Task Only_missing_features_of_a_partly_done_item_are_computed()
    {
        await Job(new FakeLoader(Speech), null, new LogMelExtractor()).RunAsync(Paths(2));
        var logmelFile = Path.Combine(_dir.FullName, "logmel", "utt_000.npy");
        var stamp = File.GetLastWriteTimeUtc(logmelFile);
        var report = await Job(new FakeLoader(Speech)).RunAsync(Paths(2));
        Assert.Equal(2, report.Completed);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(logmelFile));
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "mfcc_prosody", "utt_001.npy")));
    }

    [Fact]
    public async Task Bad_items_are_reported_and_the_batch_goes_on()
    {
        var loader = new FakeLoader(path => path switch
        {
            "/clips/corrupt.mp4" => throw new MeijuDataException(path, "moov atom not found"),
            "/clips/silent_video.mp4" => TestMedia.Empty("silent_video") with { SourcePath = path },
            "/clips/boom.mp4" => throw new InvalidOperationException("decoder crashed"),
            _ => Speech(path),
        });
        var inputs = Paths(3).Concat(["/clips/corrupt.mp4", "/clips/silent_video.mp4", "/clips/boom.mp4", "/other/utt_001.wav"]).ToList();
        var report = await Job(loader).RunAsync(inputs);
        Assert.Equal(3, report.Completed);
        Assert.Equal(4, report.Failed);
        Assert.False(report.Succeeded);
        var lines = File.ReadAllLines(report.ErrorsFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(report.Errors.Count, lines.Count);
        string KindOf(string item, string? feature = null) =>
            lines.First(l => l.GetProperty("item").GetString() == item
                             && (feature is null || l.GetProperty("feature").GetString() == feature)).GetProperty("kind").GetString()!;
        Assert.Equal("corrupt", KindOf("corrupt"));
        Assert.Equal("corrupt", KindOf("boom"));
        Assert.Equal("no_audio", KindOf("silent_video", "logmel"));
        Assert.Equal("no_audio", KindOf("silent_video", "mfcc_prosody"));
        Assert.Equal("duplicate_name", KindOf("utt_001"));
        Assert.Contains("moov atom", lines.First(l => l.GetProperty("item").GetString() == "corrupt").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Shards_partition_the_items_without_coordination()
    {
        var paths = Paths(40);
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var loader = new FakeLoader(Speech);
            var report = await Job(loader, new ShardSpec(i, 3), new LogMelExtractor()).RunAsync(paths);
            Assert.Equal(report.Total, loader.Loaded.Count);
            Assert.True(File.Exists(Path.Combine(_dir.FullName, $"extract-errors.shard-{i}-of-3.jsonl")));
            seen.AddRange(loader.Loaded);
        }

        Assert.Equal(paths.Order(), seen.Order());
        // The assignment depends on the name alone, not on which other items are listed.
        var alone = new ShardSpec(1, 3);
        Assert.Equal(paths.Where(p => alone.Contains(FeatureExtractionJob.ItemName(p))), paths.Where(p => new ShardSpec(1, 3).Contains(FeatureExtractionJob.ItemName(p))));
        Assert.InRange(paths.Count(p => alone.Contains(FeatureExtractionJob.ItemName(p))), 5, 25);
    }

    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    public void Shard_specs_parse(string text, int index, int count) => Assert.Equal(new ShardSpec(index, count), ShardSpec.Parse(text));

    [Theory]
    [InlineData("4/4")]
    [InlineData("1")]
    [InlineData("-1/2")]
    [InlineData("a/b")]
    public void Bad_shard_specs_fail(string text) => Assert.Throws<ArgumentException>(() => ShardSpec.Parse(text));

    [Fact]
    public void Stable_hash_is_fnv1a() => Assert.Equal(14695981039346656037UL, ShardSpec.StableHash(""));

    [Fact]
    public async Task Timings_cover_decoding_and_each_feature_and_are_written()
    {
        var job = Job(new FakeLoader(Speech));
        var report = await job.RunAsync(Paths(3));
        Assert.Equal(3, report.Stages["decode"].Calls);
        Assert.Equal(3, report.Stages["logmel"].Calls);
        Assert.Equal(3, report.Stages["mfcc_prosody"].Calls);
        Assert.Equal(6, report.Stages["write"].Calls);
        Assert.Equal(1.5, report.MediaSeconds, 3);
        Assert.True(report.RealTimeFactor > 0);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.FullName, "extract-timings.json")));
        Assert.True(json.RootElement.GetProperty("stages").TryGetProperty("logmel", out _));
    }

    [Fact]
    public async Task Progress_reaches_the_total()
    {
        var updates = new ConcurrentBag<ExtractionProgress>();
        var progress = new SyncProgress(updates.Add);
        await Job(new FakeLoader(Speech)).RunAsync(Paths(5), progress);
        Assert.Equal(5, updates.Max(u => u.Done));
        Assert.All(updates, u => Assert.Equal(5, u.Total));
    }

    [Fact]
    public void Inputs_come_from_a_folder_or_a_list_file()
    {
        var media = Directory.CreateDirectory(Path.Combine(_dir.FullName, "media", "sub"));
        File.WriteAllText(Path.Combine(media.FullName, "b.flv"), "x");
        File.WriteAllText(Path.Combine(media.Parent!.FullName, "a.mp4"), "x");
        File.WriteAllText(Path.Combine(media.Parent!.FullName, "notes.txt"), "x");
        var listed = FeatureExtractionJob.ListInputs(media.Parent.FullName);
        Assert.Equal(["a.mp4", "b.flv"], listed.Select(Path.GetFileName));

        var list = Path.Combine(media.Parent.FullName, "Training_files.txt");
        File.WriteAllLines(list, ["a.mp4 happy questioning", "", "# comment", "sub/b.flv"]);
        Assert.Equal(
            [Path.Combine(media.Parent.FullName, "a.mp4"), Path.Combine(media.FullName, "b.flv")],
            FeatureExtractionJob.ListInputs(list));
        Assert.Throws<MeijuDataException>(() => FeatureExtractionJob.ListInputs(Path.Combine(_dir.FullName, "nope")));
    }

    private sealed class NeedsText : IFeatureExtractor
    {
        public string Name => "words";

        public int Dimension => 4;

        public FeatureInput Input => FeatureInput.Text;

        public NpyArray Extract(UtteranceMedia media) => throw new FeatureInputMissingException("no_text", "no transcript for this item");
    }

    [Fact]
    public async Task Items_missing_one_feature_are_counted_per_feature_not_as_lost()
    {
        var report = await Job(new FakeLoader(Speech), null, new LogMelExtractor(), new NeedsText()).RunAsync(Paths(3));
        Assert.Equal(3, report.Failed);
        Assert.Equal(new FeatureCount(3, 0, 0), report.Features["logmel"]);
        Assert.Equal(new FeatureCount(0, 0, 3), report.Features["words"]);

        var again = await Job(new FakeLoader(Speech), null, new LogMelExtractor(), new NeedsText()).RunAsync(Paths(3));
        Assert.Equal(new FeatureCount(0, 3, 0), again.Features["logmel"]);
        Assert.Equal(3, again.Features["logmel"].Present);
    }

    [Fact]
    public async Task Capped_media_is_a_warning_per_item_written_to_a_file()
    {
        var loader = new FakeLoader(p => Speech(p) with { Warnings = p.EndsWith("001.mp4", StringComparison.Ordinal) ? ["audio capped at 600 s"] : [] });
        var report = await Job(loader).RunAsync(Paths(3));
        Assert.True(report.Succeeded);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal("utt_001", warning.Item);
        Assert.Contains("audio capped at 600 s", warning.Message);
        Assert.Contains("utt_001", File.ReadAllText(report.WarningsFile!));

        var clean = await Job(new FakeLoader(Speech)).RunAsync(Paths(1).Select(p => p.Replace("utt_", "new_")).ToList());
        Assert.Null(clean.WarningsFile);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "extract-warnings.jsonl")));
    }

    [Fact]
    public async Task An_output_root_that_is_a_file_is_refused_before_any_work()
    {
        var file = Path.Combine(_dir.FullName, "features.npy");
        File.WriteAllText(file, "x");
        var loader = new FakeLoader(Speech);
        var job = new FeatureExtractionJob(loader, [new LogMelExtractor()], new ExtractionJobOptions(file, Jobs: 1));
        var error = await Assert.ThrowsAsync<MeijuDataException>(() => job.RunAsync(Paths(2)));
        Assert.Contains("is a file", error.Message);
        Assert.Empty(loader.Loaded);
    }

    [Fact]
    public async Task A_second_run_into_the_same_folder_is_refused_while_the_first_holds_it()
    {
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var slow = new SlowLoader(started, release.Task);
        var first = Job(slow, null, new LogMelExtractor()).RunAsync(Paths(1));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var second = new FakeLoader(Speech);
        var error = await Assert.ThrowsAsync<MeijuDataException>(() => Job(second, null, new LogMelExtractor()).RunAsync(Paths(1)));
        Assert.Contains("another meiju extract", error.Message);
        Assert.Empty(second.Loaded);

        release.SetResult();
        Assert.Equal(1, (await first).Completed);
        Assert.Equal(1, (await Job(new FakeLoader(Speech), null, new LogMelExtractor()).RunAsync(Paths(1))).Skipped);
    }

    [NeedsTmpfsFact]
    public async Task A_full_disk_stops_the_run_with_one_line_and_keeps_finished_items()
    {
        using var disk = SmallTmpfs.Mount(64);
        var job = new FeatureExtractionJob(new FakeLoader(Speech), [new LogMelExtractor()], new ExtractionJobOptions(disk.Path, Jobs: 1));
        var error = await Assert.ThrowsAsync<MeijuDataException>(() => job.RunAsync(Paths(200)));
        Assert.Contains("disk full", error.Message);
        Assert.Contains("kept", error.Message);
        var kept = Directory.GetFiles(Path.Combine(disk.Path, "logmel"), "*.npy");
        Assert.NotEmpty(kept);
        Assert.All(kept, f => Assert.Equal(64, NpyFile.Read(f).Shape[1]));
    }

    private sealed class SlowLoader(TaskCompletionSource started, Task release) : IMediaLoader
    {
        public async Task<UtteranceMedia> LoadAsync(string path, CancellationToken cancellationToken = default)
        {
            started.TrySetResult();
            await release.ConfigureAwait(false);
            return Speech(path);
        }
    }

    [Fact]
    public void A_directory_link_loop_is_listed_once_and_reported()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir.FullName, "loop"));
        var sub = Directory.CreateDirectory(Path.Combine(root.FullName, "a"));
        File.WriteAllText(Path.Combine(sub.FullName, "x.mp4"), "x");
        Directory.CreateSymbolicLink(Path.Combine(sub.FullName, "back"), root.FullName);
        var skipped = new List<string>();
        var found = new List<int>();
        var listed = FeatureExtractionJob.ListInputs(root.FullName, new InlineProgress<int>(found.Add), skipped.Add);
        Assert.Equal(["x.mp4"], listed.Select(Path.GetFileName));
        Assert.Contains(skipped, s => s.EndsWith("back", StringComparison.Ordinal));
    }

    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class SyncProgress(Action<ExtractionProgress> report) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => report(value);
    }
}
