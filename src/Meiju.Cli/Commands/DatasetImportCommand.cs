using System.ComponentModel;
using System.Globalization;
using Meiju.Data;
using Meiju.Data.Importers;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju dataset import &lt;dailydialog|meld|mintrec&gt;</c>: converts a text dataset to the MEIJU layout.</summary>
internal sealed class DatasetImportCommand(IAnsiConsole console) : Command<DatasetImportCommand.Settings>
{
    /// <summary>Options of <c>meiju dataset import</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DATASET>")]
        [Description("dailydialog, meld or mintrec.")]
        public string Dataset { get; init; } = string.Empty;

        [CommandOption("-s|--source <DIR>")]
        [Description("The source folder, e.g. ../shared/data/dailydialog, ../shared/data/meld-text, ../shared/data/mintrec-text.")]
        public string Source { get; init; } = string.Empty;

        [CommandOption("-o|--out <DIR>")]
        [Description("Where to write the MEIJU layout (label lists, transcription CSVs, labelsets.json, import.json).")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("--max-train-dialogues <N>")]
        [Description("Keep a seeded random subsample of N training dialogues (validation is always complete).")]
        public int? MaxTrainDialogues { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed of the training subsample.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (!DatasetImporter.Names.Contains(Dataset.ToLowerInvariant()))
            {
                return ValidationResult.Error($"unknown dataset '{Dataset}' (expected one of: {string.Join(", ", DatasetImporter.Names)})");
            }

            if (string.IsNullOrWhiteSpace(Source) || string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--source <DIR> and --out <DIR> are required");
            }

            return MaxTrainDialogues is null or > 0 ? ValidationResult.Success() : ValidationResult.Error("--max-train-dialogues must be positive");
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var report = DatasetImporter.Import(settings.Dataset, settings.Source, settings.Out,
            new ImportOptions { MaxTrainDialogues = settings.MaxTrainDialogues, Seed = settings.Seed });
        var table = new Table().AddColumns("split", "utterances read", "written");
        foreach (var (split, count) in report.Counts)
        {
            table.AddRow(split.ToString(), report.SourceCounts[split].ToString("N0", CultureInfo.InvariantCulture), count.ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var s in report.Skipped)
        {
            console.MarkupLine($"[yellow]skipped[/] {Markup.Escape(s.Path)}:{s.Line}: {Markup.Escape(s.Reason)}");
        }

        console.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(report.OutDir))}[/] ({DatasetLabelSets.FileName}, {ImportWriter.SummaryFile})");
        return 0;
    }
}
