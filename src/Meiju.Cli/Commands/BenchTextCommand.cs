using System.ComponentModel;
using System.Globalization;
using Meiju.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary>
/// <c>meiju bench text</c>: a text-only configuration trained with and without the joint module over N seeds,
/// scored on validation in the challenge's and the field's conventions.
/// </summary>
internal sealed class BenchTextCommand : Command<BenchTextCommand.Settings>
{
    /// <summary>Options of <c>meiju bench text</c>.</summary>
    public sealed class Settings : SeededRunsSettings
    {
        [CommandOption("-c|--config <FILE>")]
        [Description("Training config of a text-only model (e.g. configs/training/text-dailydialog.json).")]
        public string Config { get; init; } = string.Empty;

        [CommandOption("-d|--data <DIR>")]
        [Description("Imported dataset folder (meiju dataset import), with labelsets.json.")]
        public string Data { get; init; } = string.Empty;

        [CommandOption("-o|--out <DIR>")]
        [Description("Folder of the runs and the tables (text-benchmark.md, text-benchmark.csv); finished runs are reused.")]
        [DefaultValue("runs/bench-text")]
        public string Out { get; init; } = "runs/bench-text";

        [CommandOption("--exclude-emotion <CLASS>")]
        [Description("Emotion class left out of the field's micro-F1 (default neutral = DailyDialog's 'no emotion'; 'none' to skip).")]
        [DefaultValue("neutral")]
        public string ExcludeEmotion { get; init; } = "neutral";

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Config) || string.IsNullOrWhiteSpace(Data))
            {
                return ValidationResult.Error("--config <FILE> and --data <DIR> are required");
            }

            return Seeds < 1 || Epochs is < 1 ? ValidationResult.Error("--seeds and --epochs must be positive") : ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = TrainingConfig.Load(settings.Config);
        IReadOnlyList<TextBenchmarkRun>? runs = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var progress = new RunsProgress(ctx, 2 * settings.Seeds);
                runs = TextBenchmark.Run(config, new TextBenchmarkOptions
                {
                    DataRoot = settings.Data,
                    FeatureRoot = settings.FeaturesRoot,
                    OutDir = settings.Out,
                    Seeds = settings.Seeds,
                    FirstSeed = settings.FirstSeed,
                    Epochs = settings.Epochs,
                    Threads = settings.Threads,
                    Cpu = settings.Cpu,
                    ExcludedEmotion = string.Equals(settings.ExcludeEmotion, "none", StringComparison.OrdinalIgnoreCase) ? null : settings.ExcludeEmotion,
                    OnRun = progress.OnRun,
                    Progress = progress.OnProgress,
                }, cancellationToken);
                progress.Done();
            });

        AnsiConsole.WriteLine(File.ReadAllText(Path.Combine(settings.Out, "text-benchmark.md")));
        AnsiConsole.MarkupLine($"Runs and tables: [blue]{Markup.Escape(Path.GetFullPath(settings.Out))}[/] ({runs!.Count} runs)");
        return 0;
    }
}
