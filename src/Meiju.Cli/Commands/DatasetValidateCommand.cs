using System.ComponentModel;
using System.Globalization;
using Meiju.Data;
using Meiju.Labels;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju dataset validate</c>: checks every label list and feature file and lists all problems.</summary>
internal sealed class DatasetValidateCommand : Command<DatasetValidateCommand.Settings>
{
    /// <summary>Options of <c>meiju dataset validate</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ROOT>")]
        [Description("Folder with Training_files.txt / Validation_files.txt / Testing_files.txt (or train_filelist.txt, ...).")]
        public string Root { get; init; } = string.Empty;

        [CommandOption("--features-root <DIR>")]
        [Description("Folder with one sub-folder of <utterance>.npy files per feature. Default: ROOT/features if present, else ROOT.")]
        public string? FeaturesRoot { get; init; }

        [CommandOption("-f|--feature <NAME>")]
        [Description("Feature folder to check, repeatable. Default: every sub-folder that holds .npy files.")]
        public string[] Features { get; init; } = [];

        [CommandOption("--labels-only")]
        [Description("Check the label lists and transcriptions only, not feature files.")]
        public bool LabelsOnly { get; init; }

        [CommandOption("--emotion-labels <SET>")]
        [Description("Emotion label set: a built-in name (meiju-emotion, meld-emotion, ...) or a .json file. Default: the dataset's labelsets.json, else meiju-emotion.")]
        public string? EmotionLabels { get; init; }

        [CommandOption("--intent-labels <SET>")]
        [Description("Intent label set: a built-in name (meiju-intent, ...) or a .json file. Default: the dataset's labelsets.json, else meiju-intent.")]
        public string? IntentLabels { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var dataset = MeijuDataset.Open(
            settings.Root,
            settings.FeaturesRoot,
            settings.Features,
            settings.EmotionLabels is { } emotion ? LabelSetCatalog.Resolve(emotion) : null,
            settings.IntentLabels is { } intent ? LabelSetCatalog.Resolve(intent) : null);

        ValidationReport? report = null;
        if (settings.LabelsOnly)
        {
            report = dataset.ValidateLabels();
        }
        else
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("checking feature files");
                    report = dataset.Validate(new TaskProgress(task), cancellationToken);
                });
        }

        var table = new Table().AddColumns("split", "utterances", "label list");
        foreach (var split in dataset.Splits)
        {
            table.AddRow(split.ToString(), dataset[split].Count.ToString(CultureInfo.InvariantCulture), Markup.Escape(dataset[split].LabelFile));
        }

        AnsiConsole.Write(table);
        if (!settings.LabelsOnly)
        {
            var dims = string.Join(", ", dataset.FeatureNames.Select(f => report!.Dimensions.TryGetValue(f, out var d) ? $"{f} D={d}" : $"{f} D=?"));
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Checked {0} feature files: {1}", report!.FilesChecked, Markup.Escape(dims));
        }

        if (report!.IsValid)
        {
            AnsiConsole.MarkupLine("[green]ok:[/] no problems found");
            return 0;
        }

        var err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        foreach (var problem in report.Problems)
        {
            err.MarkupLine("[red]problem:[/] " + Markup.Escape(problem.ToString()));
        }

        err.MarkupLine(CultureInfo.InvariantCulture, "[red]{0} problem(s)[/]", report.Problems.Count);
        return CliErrors.BadInput;
    }
}
