using System.ComponentModel;
using System.Globalization;
using Meiju.Data;
using Meiju.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju submit</c>: predicts a split with a trained model and writes the challenge's submission files.</summary>
internal sealed class SubmitCommand : Command<SubmitCommand.Settings>
{
    /// <summary>Options of <c>meiju submit</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-m|--model <DIR>")]
        [Description("A finished run folder (meiju train --out) or a model folder (config.json + model.safetensors).")]
        public string Model { get; init; } = string.Empty;

        [CommandOption("-d|--data <DIR>")]
        [Description("Dataset folder holding the split's list (Testing_files.txt: names only).")]
        public string Data { get; init; } = string.Empty;

        [CommandOption("--features-root <DIR>")]
        [Description("Folder of <feature>/<utterance>.npy. Default: <data>/features when it exists, else <data>.")]
        public string? FeaturesRoot { get; init; }

        [CommandOption("-s|--split <SPLIT>")]
        [Description("test, valid or train.")]
        [DefaultValue("test")]
        public string Split { get; init; } = "test";

        [CommandOption("-o|--out <DIR>")]
        [Description("Folder for submission.csv and submission.zip. Default: <model>/submission-<split>.")]
        public string? Out { get; init; }

        [CommandOption("--cpu")]
        [Description("Use the CPU even when CUDA is available.")]
        public bool Cpu { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR> is required")
            : string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data <DIR> is required")
            : SplitNames.TryParse(Split, out _) ? ValidationResult.Success() : ValidationResult.Error("--split must be train, valid or test");
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        SplitNames.TryParse(settings.Split, out var split);
        using var model = TrainedModel.Load(settings.Model, settings.Cpu);
        var outDir = settings.Out ?? Path.Combine(settings.Model, $"submission-{settings.Split.ToLowerInvariant()}");
        var result = Submission.Write(model, settings.Data, settings.FeaturesRoot, split, outDir);
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Predicted [bold]{0}[/] utterances with {1} (stage {2})", result.Rows, Markup.Escape(model.Card.Name), model.Card.Stage);
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(result.Csv))}[/]");
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(result.Zip))}[/]");
        return 0;
    }
}

/// <summary>Split names on the command line.</summary>
internal static class SplitNames
{
    public static bool TryParse(string? name, out MeijuSplit split)
    {
        switch (name?.ToLowerInvariant())
        {
            case "train" or "training":
                split = MeijuSplit.Train;
                return true;
            case "valid" or "validation" or "val" or "dev":
                split = MeijuSplit.Valid;
                return true;
            case "test" or "testing":
                split = MeijuSplit.Test;
                return true;
            default:
                split = default;
                return false;
        }
    }
}
