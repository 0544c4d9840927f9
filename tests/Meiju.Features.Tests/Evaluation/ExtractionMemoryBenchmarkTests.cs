using Meiju.Features.Audio;
using Meiju.Features.Evaluation;
using Meiju.Features.Extraction;
using Meiju.Media;

namespace Meiju.Features.Tests.Evaluation;

public sealed class ExtractionMemoryBenchmarkTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-membench-");

    public void Dispose() => _dir.Delete(true);

    private sealed class ToneLoader : IMediaLoader
    {
        public Task<UtteranceMedia> LoadAsync(string path, CancellationToken cancellationToken = default) =>
            Task.FromResult(TestMedia.WithAudio(TestMedia.Tone(0.25), name: Path.GetFileNameWithoutExtension(path)) with
            {
                SourcePath = path,
                StageSeconds = new Dictionary<string, double> { ["decode"] = 0.01, ["preprocess"] = 0.002 },
            });
    }

    [Fact]
    public void Inputs_cycle_the_sources_under_new_names()
    {
        var sources = new[] { "a.flv", "b.flv", "c.wav" }.Select(n => Path.Combine(_dir.FullName, n)).ToList();
        sources.ForEach(s => File.WriteAllText(s, Path.GetFileName(s)));
        var inputs = ExtractionMemoryBenchmark.PrepareInputs(sources, 7, Path.Combine(_dir.FullName, "inputs"));
        Assert.Equal(7, inputs.Count);
        Assert.Equal("item-00001.flv", Path.GetFileName(inputs[0]));
        Assert.Equal("item-00003.wav", Path.GetFileName(inputs[2]));
        Assert.Equal("a.flv", File.ReadAllText(inputs[3]));
        Assert.Equal(7, inputs.Distinct().Count());
        // Preparing again reuses the links.
        Assert.Equal(inputs, ExtractionMemoryBenchmark.PrepareInputs(sources, 7, Path.Combine(_dir.FullName, "inputs")));
    }

    [Fact]
    public async Task Memory_is_read_every_n_items_and_written_as_csv()
    {
        var inputs = Enumerable.Range(1, 23).Select(i => $"/clips/item-{i:D5}.wav").ToList();
        var job = new FeatureExtractionJob(new ToneLoader(), [new LogMelExtractor()], new ExtractionJobOptions(Path.Combine(_dir.FullName, "features"), Jobs: 1));
        var csv = Path.Combine(_dir.FullName, "memory.csv");
        var result = await ExtractionMemoryBenchmark.Run(job, inputs, every: 5, csvPath: csv);

        Assert.Equal(23, result.Report.Completed);
        Assert.Equal([0, 5, 10, 15, 20, 23], result.Samples.Select(s => s.Items));
        Assert.All(result.Samples, s => Assert.True(s.WorkingSetMiB > 0 && s.GcHeapMiB > 0 && s.PrivateMiB > 0));
        Assert.Equal(5, result.Warm.Items);
        Assert.Equal(23, result.End.Items);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("items,seconds,working_set_mib,gc_heap_mib,private_mib", lines[0]);
        Assert.Equal(result.Samples.Count + 1, lines.Length);

        // The loader's own stages are reported as parts of decode.
        Assert.Equal(23, result.Report.Stages[FeatureExtractionJob.DecodePartPrefix + "preprocess"].Calls);
        Assert.Equal(23, result.Report.Stages["decode"].Calls);
    }
}
