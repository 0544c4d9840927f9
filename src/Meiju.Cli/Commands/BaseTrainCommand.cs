using System.ComponentModel;
using System.Globalization;
using Meiju.Inference.Base;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju base train</c>: the one-command recipe of the shipped default model (<see cref="BaseModelTrainer"/>).</summary>
internal sealed class BaseTrainCommand : Command<BaseTrainCommand.Settings>
{
    /// <summary>Options of <c>meiju base train</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("The shared data folder (meld-text, mintrec-text, dailydialog, ravdess-speech-16k, fer2013).")]
        [DefaultValue("../shared/data")]
        public string Data { get; init; } = "../shared/data";

        [CommandOption("--out <DIR>")]
        [Description("Model folder to write.")]
        [DefaultValue("models/meiju-base")]
        public string Out { get; init; } = "models/meiju-base";

        [CommandOption("--cache <DIR>")]
        [Description("Feature cache (default: .meiju-base-cache next to --out); delete it to re-extract.")]
        public string? Cache { get; init; }

        [CommandOption("--seed <N>")]
        [Description("The one seed of sampling, pairing, initialisation and order.")]
        [DefaultValue(7)]
        public int Seed { get; init; } = 7;

        [CommandOption("--epochs <N>")]
        [Description("Training epochs.")]
        [DefaultValue(20)]
        [Positive]
        public int Epochs { get; init; } = 20;

        [CommandOption("--threads <N>")]
        [Description("Torch and extraction threads (1 leaves the machine to others).")]
        [DefaultValue(1)]
        [Positive]
        public int Threads { get; init; } = 1;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        torch.set_num_threads(Math.Max(1, settings.Threads));
        var options = new BaseModelOptions { DataRoot = settings.Data, OutDir = settings.Out, CacheDir = settings.Cache, Seed = settings.Seed, Epochs = settings.Epochs, Jobs = settings.Threads };
        BaseModelResult? result = null;
        AnsiConsole.Status().Start("meiju-base: features", ctx =>
        {
            result = BaseModelTrainer.Train(options, new SyncProgress<string>(s => ctx.Status(Markup.Escape("meiju-base: " + s))));
        });

        var table = new Table().AddColumns("held-out split", "saw", "task", "n", "accuracy", "weighted F1", "macro F1", "majority acc");
        foreach (var s in result!.Scores)
        {
            table.AddRow(Markup.Escape(s.Source), s.Modalities, s.Task, s.Scores.Count.ToString(CultureInfo.InvariantCulture),
                F(s.Scores.Accuracy), F(s.Scores.WeightedF1), F(s.Scores.MacroF1), F(s.Majority));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"wrote {result.OutDir} ({result.Parameters:N0} parameters); features {result.FeatureSeconds:F0} s, training {result.TrainSeconds:F0} s")));
        return 0;
    }

    private static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
