using System.ComponentModel;
using System.Globalization;
using Meiju.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju ablate</c>: the modality × joint-module grid over seeds, as a table like the seed paper's Tables 2 and 3.</summary>
internal sealed class AblateCommand : Command<AblateCommand.Settings>
{
    /// <summary>Options of <c>meiju ablate</c>.</summary>
    public sealed class Settings : SeededRunsSettings
    {
        [CommandOption("-c|--config <FILE>")]
        [Description("Training config, model config or built-in model name; each cell restricts its modalities and switches the joint module.")]
        public string Config { get; init; } = string.Empty;

        [CommandOption("-d|--data <DIR>")]
        [Description("Dataset folder with training and validation lists.")]
        public string Data { get; init; } = string.Empty;

        [CommandOption("-o|--out <DIR>")]
        [Description("Grid folder: one run per cell and seed, ablation.csv and ablation.md. Re-running continues an interrupted grid.")]
        [DefaultValue("runs/ablate")]
        public string Out { get; init; } = "runs/ablate";

        [CommandOption("--modalities <LIST>")]
        [Description("Comma-separated subsets of V, A, T.")]
        [DefaultValue("V,A,T,VA,VT,AT,VAT")]
        public string Modalities { get; init; } = "V,A,T,VA,VT,AT,VAT";

        [CommandOption("--joint <MODE>")]
        [Description("both, on or off.")]
        [DefaultValue("both")]
        public string Joint { get; init; } = "both";

        [CommandOption("-m|--methods <LIST>")]
        [Description("Instead of the modality grid: the imbalance / semi-supervision / calibration methods to compare (ce, weighted, focal, logit-adjust, balanced, thresholds, mixup, timemask, pseudo, pseudo+mixup); the same table as meiju bench imbalance.")]
        public string? Methods { get; init; }

        [CommandOption("--max-per-class <N>")]
        [Description("With --methods: pseudo-labels kept per class and round (0 = no cap).")]
        public int MaxPerClass { get; init; }

        [CommandOption("--pseudo-threshold <P>")]
        [Description("With --methods: confidence a pseudo-label needs.")]
        [DefaultValue(0.9)]
        public double PseudoThreshold { get; init; } = 0.9;

        [CommandOption("--exclude-emotion <CLASS>")]
        [Description("With --methods: emotion class left out of an extra micro-F1 column (e.g. neutral).")]
        public string? ExcludeEmotion { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Config) ? ValidationResult.Error("--config <FILE> is required")
            : string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data <DIR> is required")
            : Seeds < 1 ? ValidationResult.Error("--seeds must be at least 1")
            : Joint is "both" or "on" or "off" ? ValidationResult.Success() : ValidationResult.Error("--joint must be both, on or off");
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Methods is { } methods)
        {
            // One ablation command for both kinds of table: the method grid is the imbalance benchmark's.
            var bench = new BenchImbalanceCommand.Settings
            {
                Config = settings.Config,
                Data = settings.Data,
                FeaturesRoot = settings.FeaturesRoot,
                Out = settings.Out,
                Methods = methods,
                Seeds = settings.Seeds,
                FirstSeed = settings.FirstSeed,
                Epochs = settings.Epochs,
                MaxPerClass = settings.MaxPerClass,
                PseudoThreshold = settings.PseudoThreshold,
                ExcludeEmotion = settings.ExcludeEmotion,
                Threads = settings.Threads,
                Cpu = settings.Cpu,
            };
            var problem = bench.Validate();
            if (!problem.Successful)
            {
                throw new ArgumentException(problem.Message);
            }

            return new BenchImbalanceCommand().Execute(context, bench, cancellationToken);
        }

        var config = TrainingConfig.Load(settings.Config);
        IReadOnlyList<AblationRow>? rows = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var grid = ctx.AddTask("grid");
                ProgressTask? run = null;
                rows = Ablation.Run(config, new AblationOptions
                {
                    DataRoot = settings.Data,
                    FeatureRoot = settings.FeaturesRoot,
                    OutDir = settings.Out,
                    Seeds = settings.Seeds,
                    FirstSeed = settings.FirstSeed,
                    Subsets = settings.Modalities.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    Joint = settings.Joint switch { "on" => [true], "off" => [false], _ => [false, true] },
                    Epochs = settings.Epochs,
                    Threads = settings.Threads,
                    Cpu = settings.Cpu,
                    OnRun = (label, index, total) =>
                    {
                        grid.MaxValue = total;
                        grid.Value = index - 1;
                        grid.Description = Markup.Escape($"run {index}/{total}: {label}");
                        run?.StopTask();
                        run = ctx.AddTask(Markup.Escape(label));
                    },
                    Progress = p =>
                    {
                        if (run is null)
                        {
                            return;
                        }

                        run.MaxValue = p.Stages * 100.0;
                        run.Value = (p.Stage - 1) * 100.0 + 100.0 * (p.Epoch * (double)p.Batches + p.Batch) / Math.Max(1, p.Epochs * p.Batches);
                    },
                }, cancellationToken);
                grid.Value = grid.MaxValue;
                run?.StopTask();
            });

        var table = new Table().AddColumns("V", "A", "T", "joint", "emotion", "intent", "JRBM", "params (M)", "runs");
        foreach (var r in rows!)
        {
            static string F((double Mean, double Std) v) => string.Create(CultureInfo.InvariantCulture, $"{v.Mean:F4} ± {v.Std:F4}");
            table.AddRow(
                r.Modalities.Contains('V') ? "✓" : "✗", r.Modalities.Contains('A') ? "✓" : "✗", r.Modalities.Contains('T') ? "✓" : "✗",
                r.Joint ? "✓" : "✗", F(r.Emotion), F(r.Intent), F(r.Jrbm),
                (r.Parameters / 1e6).ToString("F3", CultureInfo.InvariantCulture), r.Runs.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(Path.Combine(settings.Out, "ablation.md")))}[/] and ablation.csv");
        return 0;
    }
}
