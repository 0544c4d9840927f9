using System.ComponentModel;
using System.Globalization;
using Meiju.Features;
using Meiju.Features.Evaluation;
using Meiju.Features.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju bench extractors</c>: per-extractor cost on synthetic media, as wall and CPU time per call.</summary>
internal sealed class ExtractorsBenchCommand : Command<ExtractorsBenchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-f|--features <NAMES>")]
        [Description("Comma-separated features (default: the extract defaults).")]
        public string? Features { get; init; }

        [CommandOption("--manifest <FILE>")]
        [Description("A model manifest with more ONNX extractors to time.")]
        public string? Manifest { get; init; }

        [CommandOption("--calls <N>")]
        [Description("Timed calls per extractor after one warm-up (default 5).")]
        [Positive]
        public int Calls { get; init; } = 5;

        [CommandOption("--threads <N>")]
        [Description("ONNX Runtime intra-op threads (default 1).")]
        [Positive]
        public int Threads { get; init; } = 1;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var names = settings.Features is { Length: > 0 } f
            ? f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. FeatureRegistry.DefaultFeatures];
        var registry = new FeatureRegistry(settings.Manifest is { } m ? ModelManifest.Load(m) : null, new ExtractorOptions(settings.Threads));
        var costs = ExtractorBenchmark.Run(registry.Create(names), Math.Max(1, settings.Calls));
        var table = new Table { Title = new TableTitle($"Extractors on {ExtractorBenchmark.MediaSeconds:F0} s of synthetic media (frames at 2.5/s)") }
            .AddColumns("feature", "one call", "wall ms (median)", "CPU ms", "x real time per core (CPU)");
        foreach (var c in costs)
        {
            table.AddRow(c.Feature, c.Unit, F(c.WallMsPerCall), F(c.CpuMsPerCall), F(c.RealTimeFactorPerCore));
        }

        var totalCpu = costs.Sum(c => c.CpuMsPerCall);
        table.AddRow("[bold]all[/]", "", F(costs.Sum(c => c.WallMsPerCall)), F(totalCpu), F(ExtractorBenchmark.MediaSeconds * 1000 / totalCpu));
        AnsiConsole.Write(table);
        return 0;
    }

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
}
