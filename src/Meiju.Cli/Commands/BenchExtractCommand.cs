using System.ComponentModel;
using System.Globalization;
using Meiju.Data;
using Meiju.Features;
using Meiju.Features.Evaluation;
using Meiju.Features.Extraction;
using Meiju.Labels;
using Meiju.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary>
/// <c>meiju bench extract</c>: runs <c>meiju extract</c>'s job over many items (real clips cycled under new names)
/// and records memory every N items, to show that it stays flat.
/// </summary>
internal sealed class BenchExtractCommand : AsyncCommand<BenchExtractCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--videos <DIR>")]
        [Description("Media to cycle (default: ../shared/data/cremad-clips/video_flv).")]
        public string Videos { get; init; } = Path.Combine("..", "shared", "data", "cremad-clips", "video_flv");

        [CommandOption("--items <N>")]
        [Description("Items to extract (default 1000).")]
        [Positive]
        public int Items { get; init; } = 1000;

        [CommandOption("--every <N>")]
        [Description("Read memory every N finished items (default 50).")]
        [Positive]
        public int Every { get; init; } = 50;

        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder: inputs/ (links), features/, memory.csv, memory.png (default: a new temp folder).")]
        public string? Out { get; init; }

        [CommandOption("-f|--features <NAMES>")]
        [Description("Comma-separated features (default: the extract defaults).")]
        public string? Features { get; init; }

        [CommandOption("-j|--jobs <N>")]
        [Description("Items processed in parallel (default 2).")]
        [Positive]
        public int Jobs { get; init; } = 2;

        [CommandOption("--transcripts <CSV>")]
        [Description("Transcription CSV(s) of the source clips, as for extract: each item gets its source clip's transcript (e.g. samples/cremad/transcripts.csv); without one the text features report no_text.")]
        public string? Transcripts { get; init; }

        public override ValidationResult Validate() =>
            Items < 1 || Every < 1 || Jobs < 1
                ? ValidationResult.Error("--items, --every and --jobs must be at least 1")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sources = FeatureExtractionJob.ListInputs(settings.Videos);
        var outDir = settings.Out ?? Directory.CreateTempSubdirectory("meiju-bench-extract-").FullName;
        var features = Path.Combine(outDir, "features");
        // The job is resumable: leftovers of an earlier run would be skipped and measure nothing.
        if (Directory.Exists(features))
        {
            Directory.Delete(features, recursive: true);
        }

        var inputs = ExtractionMemoryBenchmark.PrepareInputs(sources, settings.Items, Path.Combine(outDir, "inputs"));
        // Items are renamed, so the transcript CSV's names do not match them: give each link its source's
        // transcript as a sidecar <item>.txt (which extract reads), so the text encoders run on every item.
        var transcripts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var transcriptCsv in (settings.Transcripts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var row in TranscriptionCsv.Read(transcriptCsv, LabelSetCatalog.Get("meiju-emotion"), LabelSetCatalog.Get("meiju-intent"), readLabels: false))
            {
                transcripts[row.Name] = row.Sentence;
            }
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (transcripts.TryGetValue(FeatureExtractionJob.ItemName(sources[i % sources.Count]), out var text))
            {
                File.WriteAllText(Path.ChangeExtension(inputs[i], ".txt"), text);
            }
        }

        var names = settings.Features is { Length: > 0 } f
            ? f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. FeatureRegistry.DefaultFeatures];
        var registry = new FeatureRegistry(null, new ExtractorOptions(1));
        var extractSettings = new ExtractCommand.Settings { Videos = settings.Videos, Out = features, Jobs = settings.Jobs };
        var loader = ExtractCommand.CreateLoader(extractSettings, inputs, out var owned);
        using var ownedLoader = owned;
        var job = new FeatureExtractionJob(loader, registry.Create(names), new ExtractionJobOptions(features, settings.Jobs));

        var console = AnsiConsole.Console;
        console.MarkupLine($"Extracting [blue]{Markup.Escape(string.Join(", ", names))}[/] for {inputs.Count} items cycling {sources.Count} clips; memory every {settings.Every} items");
        var csv = Path.Combine(outDir, "memory.csv");
        var png = Path.Combine(outDir, "memory.png");
        MemoryBenchmarkResult? result = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("items", maxValue: inputs.Count);
                var progress = new Progress<ExtractionProgress>(p => task.Value = p.Done);
                result = await ExtractionMemoryBenchmark.Run(job, inputs, settings.Every, progress, csv, cancellationToken);
                task.Value = task.MaxValue;
            });

        var samples = result!.Samples;
        var xs = samples.Select(s => (double)s.Items).ToList();
        LineChart.Save(png, $"meiju extract: memory over {result.Report.Total} items ({settings.Jobs} jobs)",
            [
                new LineSeries("resident set (MiB)", samples.Select(s => s.WorkingSetMiB).ToList(), xs),
                new LineSeries("private (MiB)", samples.Select(s => s.PrivateMiB).ToList(), xs),
                new LineSeries("GC heap (MiB)", samples.Select(s => s.GcHeapMiB).ToList(), xs),
            ],
            xLabel: "items finished", yLabel: "MiB");

        static string F(double v) => v.ToString("F0", CultureInfo.InvariantCulture);
        var report = result.Report;
        console.MarkupLine(
            $"{report.Completed} extracted, {report.Failed} failed in {report.WallSeconds:F1} s ({report.RealTimeFactor:F1}x real time). "
            + $"Resident set: {F(samples[0].WorkingSetMiB)} MiB at start, {F(result.Warm.WorkingSetMiB)} after {result.Warm.Items} items, "
            + $"{F(result.End.WorkingSetMiB)} at the end, max {F(result.MaxWorkingSetMiB)}; GC heap {F(result.Warm.GcHeapMiB)} → {F(result.End.GcHeapMiB)} MiB.");
        console.MarkupLine($"Wrote [blue]{Markup.Escape(csv)}[/] and [blue]{Markup.Escape(png)}[/]");
        return report.Completed > 0 ? 0 : 1;
    }
}
