using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Meiju.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju train</c>: trains a model (one or two stages) on a MEIJU-layout dataset.</summary>
internal sealed class TrainCommand : Command<TrainCommand.Settings>
{
    /// <summary>Options of <c>meiju train</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-c|--config <FILE>")]
        [Description("Training config (JSON: model + training), a model config file, or a built-in model name (baseline, seed).")]
        public string Config { get; init; } = string.Empty;

        [CommandOption("-d|--data <DIR>")]
        [Description("Dataset folder with Training_files.txt and Validation_files.txt (or train_filelist.txt, ...).")]
        public string Data { get; init; } = string.Empty;

        [CommandOption("--features-root <DIR>")]
        [Description("Folder of <feature>/<utterance>.npy. Default: <data>/features when it exists, else <data>.")]
        public string? FeaturesRoot { get; init; }

        [CommandOption("-o|--out <DIR>")]
        [Description("Run folder (checkpoints, best models, metrics, charts).")]
        [DefaultValue("runs/train")]
        public string Out { get; init; } = "runs/train";

        [CommandOption("--seed <N>")]
        [Description("The one seed of initial weights, shuffling and dropout: the same seed gives the same metrics on the CPU.")]
        [DefaultValue(0L)]
        public long Seed { get; init; }

        [CommandOption("--epochs <N>")]
        [Description("Epochs per stage instead of the config's (a third at the full learning rate, then linear decay).")]
        [Positive]
        public int? Epochs { get; init; }

        [CommandOption("--resume")]
        [Description("Continue the run in --out from its last checkpoint (same config and seed).")]
        public bool Resume { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Torch CPU threads (default: torch's choice).")]
        [Positive]
        public int? Threads { get; init; }

        [CommandOption("--cpu")]
        [Description("Use the CPU even when CUDA is available.")]
        public bool Cpu { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("cpu, cuda or cuda:N; without it CUDA is used when TorchSharp finds a GPU (a CUDA build: docs/gpu.md).")]
        [DeviceName]
        public string? Device { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Config))
            {
                return ValidationResult.Error("--config <FILE> is required");
            }

            if (string.IsNullOrWhiteSpace(Data))
            {
                return ValidationResult.Error("--data <DIR> is required");
            }

            return Epochs is null or > 0 ? ValidationResult.Success() : ValidationResult.Error("--epochs must be positive");
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = TrainingConfig.Load(settings.Config);
        if (settings.Epochs is { } e)
        {
            config = config.WithEpochs(e);
        }

        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Training [bold]{0}[/] ({1}, {2} recipe, Track {3}) on {4}, seed {5}",
            Markup.Escape(config.Name), config.Joint ? "two stages" : "one stage", config.Training.Recipe, config.Training.Track, Markup.Escape(settings.Data), settings.Seed);
        TrainingResult? result = null;
        IReadOnlyList<PseudoLabelRound> pseudoRounds = [];
        string? pseudoRunDir = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<int, ProgressTask>();
                var options = new TrainingRunOptions
                {
                    DataRoot = settings.Data,
                    FeatureRoot = settings.FeaturesRoot,
                    OutDir = settings.Out,
                    Seed = settings.Seed,
                    Resume = settings.Resume,
                    Threads = settings.Threads,
                    Cpu = settings.Cpu || (settings.Device is { } d && TrainingDevice.Require(ComputeDevice.Parse(d))),
                    Progress = p =>
                    {
                        if (!tasks.TryGetValue(p.Stage, out var task))
                        {
                            task = tasks[p.Stage] = ctx.AddTask($"stage {p.Stage}", maxValue: p.Epochs * (double)p.Batches);
                        }

                        task.Value = p.Epoch * (double)p.Batches + p.Batch;
                        var valid = p.Valid is { } v
                            ? string.Create(CultureInfo.InvariantCulture, $" | valid E {v.Emotion:F3} I {v.Intent:F3} JRBM {v.Jrbm:F3}")
                              + (p.BestJrbm >= 0 ? string.Create(CultureInfo.InvariantCulture, $" (best {p.BestJrbm:F3})") : string.Empty)
                            : string.Empty;
                        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"stage {p.Stage}/{p.Stages} epoch {p.Epoch + 1}/{p.Epochs} loss {p.Loss:F4}{valid}"));
                    },
                };
                if (config.Training.PseudoLabel is null)
                {
                    result = Trainer.Run(config, options, cancellationToken);
                    return;
                }

                // Pseudo-labelling trains one run per round (round0 = labelled only, roundN = + pseudo-labels), each
                // resumable; the last round's run is the result. Stage tasks restart for each run.
                (pseudoRunDir, pseudoRounds) = PseudoLabelling.Run(config, options, cancellationToken);
            });

        foreach (var r in pseudoRounds)
        {
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "pseudo-label round {0}: kept {1} of {2} unlabelled ({3})", r.Round, r.Kept, r.Pool,
                Markup.Escape(string.Join(", ", r.PerClass.Select(kv => $"{kv.Key} {kv.Value}"))));
        }

        if (pseudoRunDir is not null)
        {
            var card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(Path.Combine(pseudoRunDir, TrainedModel.CardFile)), TrainingConfig.Json)!;
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Last round selected stage {0}, epoch {1}: valid emotion {2:F4}, intent {3:F4}, JRBM {4:F4}",
                card.Stage, card.Epoch + 1, card.Valid?.Emotion ?? double.NaN, card.Valid?.Intent ?? double.NaN, card.Valid?.Jrbm ?? double.NaN);
            AnsiConsole.MarkupLine($"Run folder: [blue]{Markup.Escape(pseudoRunDir)}[/] (rounds and their pseudo-labels.csv beside it)");
            return 0;
        }

        if (!result!.Completed)
        {
            AnsiConsole.MarkupLine("[yellow]stopped[/]; continue with the same command and --resume");
            return 130;
        }

        var best = result.Best!;
        var table = new Table().AddColumns("selected", "emotion", "intent", "JRBM", "parameters");
        table.AddRow(
            $"stage {result.History[^1].Stage}, epoch {result.BestEpoch + 1}",
            best.Emotion.ToString("F4", CultureInfo.InvariantCulture),
            best.Intent.ToString("F4", CultureInfo.InvariantCulture),
            best.Jrbm.ToString("F4", CultureInfo.InvariantCulture),
            result.Parameters.ToString("N0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Run folder: [blue]{Markup.Escape(Path.GetFullPath(settings.Out))}[/] (model.json, metrics.csv, learning-curve.png)");
        return 0;
    }
}
