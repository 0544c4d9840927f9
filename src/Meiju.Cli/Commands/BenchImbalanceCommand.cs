using System.ComponentModel;
using System.Globalization;
using Meiju.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary>
/// <c>meiju bench imbalance</c>: imbalance, semi-supervised and calibration methods × seeds on one dataset; the
/// table method × metric (micro, weighted, macro F1, JRBM, ECE before/after temperature scaling).
/// </summary>
internal sealed class BenchImbalanceCommand : Command<BenchImbalanceCommand.Settings>
{
    /// <summary>Options of <c>meiju bench imbalance</c>.</summary>
    public sealed class Settings : SeededRunsSettings
    {
        [CommandOption("-c|--config <FILE>")]
        [Description("Training config (e.g. configs/training/text-dailydialog-pool.json).")]
        public string Config { get; init; } = string.Empty;

        [CommandOption("-d|--data <DIR>")]
        [Description("Dataset folder with labelsets.json; the pseudo methods need an unlabelled pool (NoAnnotation_files.txt, see meiju dataset split-labelled).")]
        public string Data { get; init; } = string.Empty;

        [CommandOption("-o|--out <DIR>")]
        [Description("Folder of the runs and the tables (imbalance-benchmark.md, .csv); finished runs are reused.")]
        [DefaultValue("runs/bench-imbalance")]
        public string Out { get; init; } = "runs/bench-imbalance";

        [CommandOption("-m|--methods <LIST>")]
        [Description("Comma-separated: ce, weighted, focal, logit-adjust, balanced, thresholds, mixup, timemask, pseudo, pseudo+mixup.")]
        [DefaultValue("ce,weighted,focal,logit-adjust,balanced,thresholds")]
        public string Methods { get; init; } = "ce,weighted,focal,logit-adjust,balanced,thresholds";

        [CommandOption("--max-per-class <N>")]
        [Description("Pseudo-labels kept per predicted emotion class at most (0: no cap).")]
        [DefaultValue(0)]
        public int MaxPerClass { get; init; }

        [CommandOption("--pseudo-threshold <P>")]
        [Description("Confidence (both tasks' top softmax probability) a pseudo-label needs.")]
        [DefaultValue(0.9)]
        public double PseudoThreshold { get; init; } = 0.9;

        [CommandOption("--exclude-emotion <CLASS>")]
        [Description("Also report emotion micro-F1 without this class (DailyDialog: neutral).")]
        public string? ExcludeEmotion { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Config) || string.IsNullOrWhiteSpace(Data))
            {
                return ValidationResult.Error("--config <FILE> and --data <DIR> are required");
            }

            var unknown = ParseMethods(Methods).FirstOrDefault(m => !ImbalanceMethods.All.Contains(m));
            if (unknown is not null)
            {
                return ValidationResult.Error($"unknown method '{unknown}' (known: {string.Join(", ", ImbalanceMethods.All)})");
            }

            return Seeds < 1 || Epochs is < 1 || MaxPerClass < 0 || PseudoThreshold is < 0 or > 1 ? ValidationResult.Error("--seeds and --epochs must be positive, --max-per-class >= 0, --pseudo-threshold in [0, 1]") : ValidationResult.Success();
        }

        /// <summary>The method list.</summary>
        public static string[] ParseMethods(string list) =>
            list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = TrainingConfig.Load(settings.Config);
        var methods = Settings.ParseMethods(settings.Methods);
        IReadOnlyList<ImbalanceRun>? runs = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var progress = new RunsProgress(ctx, methods.Length * settings.Seeds);
                runs = ImbalanceBenchmark.Run(config, new ImbalanceBenchmarkOptions
                {
                    DataRoot = settings.Data,
                    FeatureRoot = settings.FeaturesRoot,
                    OutDir = settings.Out,
                    Methods = methods,
                    Seeds = settings.Seeds,
                    FirstSeed = settings.FirstSeed,
                    Epochs = settings.Epochs,
                    MaxPerClass = settings.MaxPerClass,
                    PseudoThreshold = settings.PseudoThreshold,
                    ExcludedEmotion = settings.ExcludeEmotion,
                    Threads = settings.Threads,
                    Cpu = settings.Cpu,
                    OnRun = progress.OnRun,
                    Progress = progress.OnProgress,
                }, cancellationToken);
                progress.Done();
            });

        AnsiConsole.WriteLine(File.ReadAllText(Path.Combine(settings.Out, "imbalance-benchmark.md")));
        AnsiConsole.MarkupLine($"Runs and tables: [blue]{Markup.Escape(Path.GetFullPath(settings.Out))}[/] ({runs!.Count} runs)");
        return 0;
    }
}
