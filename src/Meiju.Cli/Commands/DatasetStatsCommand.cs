using System.ComponentModel;
using Meiju.Data;
using Meiju.Metrics;
using Meiju.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju dataset stats &lt;root&gt;</c>: class counts, imbalance and the majority-class baseline of a MEIJU layout.</summary>
internal sealed class DatasetStatsCommand(IAnsiConsole console) : Command<DatasetStatsCommand.Settings>
{
    /// <summary>Default output folder, relative to the current directory.</summary>
    public const string DefaultOut = "meiju-stats";

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<root>")]
        [Description("Folder of a MEIJU layout: its label lists (Training_files.txt / Validation_files.txt / Testing_files.txt, or train_filelist.txt / valid_filelist.txt / test_filelist.txt) are enough; media and features are not needed.")]
        public string Root { get; init; } = string.Empty;

        [CommandOption("-o|--out <DIR>")]
        [Description("Folder for dataset-stats.png (bar chart) and dataset-stats.json. Default: ./meiju-stats")]
        public string Out { get; init; } = DefaultOut;

        [CommandOption("-t|--track <TRACK>")]
        [Description("Metric of the majority baseline: 1 = weighted F1 (Track 1), 2 = micro F1 (Track 2). Default: from the folder name (Track1_... → 1), else 2.")]
        public int? Track { get; init; }

        [CommandOption("--no-chart")]
        [Description("Skip the PNG chart (JSON and tables only).")]
        public bool NoChart { get; init; }

        public override ValidationResult Validate() =>
            Track is null or 1 or 2 ? ValidationResult.Success() : ValidationResult.Error("--track must be 1 or 2");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stats = DatasetStatistics.Compute(
            settings.Root, settings.Track is { } t ? ChallengeTrackExtensions.FromNumber(t) : null);

        console.MarkupLine($"[bold]{Markup.Escape(Path.GetFullPath(stats.Root))}[/]");
        foreach (var s in stats.Splits)
        {
            console.MarkupLine($"  {s.Split.ToString().ToLowerInvariant(),-5} {ReportTables.N(s.Utterances),8} utterances, {ReportTables.N(s.Labelled),8} labelled  [grey]{Markup.Escape(Path.GetFileName(s.Path))}[/]");
        }

        console.WriteLine();
        console.Write(ReportTables.Counts("Emotion", stats.EmotionSet.Classes, stats.Splits, s => s.EmotionCounts));
        console.Write(ReportTables.Counts("Intent", stats.IntentSet.Classes, stats.Splits, s => s.IntentCounts));
        console.MarkupLine($"Imbalance in train (largest / smallest class): emotion [bold]{Ratio(stats.EmotionImbalance)}[/], intent [bold]{Ratio(stats.IntentImbalance)}[/]");
        foreach (var (task, absent) in new[] { ("emotion", stats.EmotionAbsentInTrain), ("intent", stats.IntentAbsentInTrain) })
        {
            if (absent.Count > 0)
            {
                console.MarkupLine($"[yellow]{task} classes never seen in train:[/] {Markup.Escape(string.Join(", ", absent))}");
            }
        }

        if (stats.Majority is { } majority)
        {
            console.WriteLine();
            console.MarkupLine($"Majority-class baseline on valid: always [bold]{Markup.Escape(stats.EmotionSet[majority.Emotion])}[/] / [bold]{Markup.Escape(stats.IntentSet[majority.Intent])}[/] (train's most frequent)");
            console.Write(ReportTables.Summary(majority.Report, $"Majority baseline, track {(int)stats.Track}"));
        }
        else
        {
            console.MarkupLine("[yellow]No labelled validation list: no majority baseline.[/]");
        }

        var json = Path.Combine(settings.Out, "dataset-stats.json");
        AtomicFile.WriteAllText(json, stats.ToJson());
        console.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(json))}[/]");
        if (!settings.NoChart)
        {
            var png = Path.Combine(settings.Out, "dataset-stats.png");
            ClassCountChart.Save(stats, png);
            console.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(png))}[/]");
        }

        return 0;
    }

    private static string Ratio(double? ratio) =>
        ratio is { } r ? r.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "×" : "n/a";
}
