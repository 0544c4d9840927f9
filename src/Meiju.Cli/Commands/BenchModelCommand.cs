using System.ComponentModel;
using System.Globalization;
using Meiju.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju bench-model</c>: times a training step and an inference pass of a model configuration.</summary>
internal sealed class BenchModelCommand : Command<BenchModelCommand.Settings>
{
    /// <summary>Options of <c>meiju bench-model</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-c|--config <NAME|FILE>")]
        [Description("Model configuration (built-in name or JSON file).")]
        [DefaultValue("baseline")]
        public string Config { get; init; } = "baseline";

        [CommandOption("--batch <N>")]
        [Description("Batch size.")]
        [DefaultValue(32)]
        public int Batch { get; init; } = 32;

        [CommandOption("--frames <LIST>")]
        [Description("Frames per stream, e.g. A=150,V=50,L=40 (unlisted streams: 50).")]
        [DefaultValue("A=150,V=50,L=40")]
        public string Frames { get; init; } = "A=150,V=50,L=40";

        [CommandOption("--threads <N>")]
        [Description("Torch CPU threads.")]
        [DefaultValue(2)]
        public int Threads { get; init; } = 2;

        [CommandOption("--steps <N>")]
        [Description("Timed steps of each kind (after 3 warm-up steps).")]
        [DefaultValue(20)]
        public int Steps { get; init; } = 20;

        [CommandOption("--seed <S>")]
        [Description("Seed of the weights and the random inputs.")]
        [DefaultValue(0L)]
        public long Seed { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TorchSharp.torch.set_num_threads(settings.Threads);
        var config = ModelConfig.Load(settings.Config);
        var frames = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in settings.Frames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=');
            if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) || t < 1)
            {
                throw new ArgumentException($"--frames: '{part}' is not STREAM=FRAMES");
            }

            frames[kv[0]] = t;
        }

        ModelBenchmarkResult result = null!;
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask($"{config.Name}, batch {settings.Batch}, {settings.Frames}");
            result = ModelBenchmark.Run(config, settings.Batch, frames, settings.Steps, warmup: 3, settings.Seed,
                (done, total) =>
                {
                    task.MaxValue = total;
                    task.Value = done;
                });
        });

        var table = new Table().AddColumns("measure", "median", "min", "max");
        table.AddRow("train step (ms)", F(result.TrainStepMedian), F(result.TrainStepMs.Min()), F(result.TrainStepMs.Max()));
        table.AddRow("inference (ms)", F(result.InferenceMedian), F(result.InferenceMs.Min()), F(result.InferenceMs.Max()));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"threads {settings.Threads}; resident memory {result.WorkingSetAfterWarmup / 1048576.0:F0} MiB after warm-up, " +
                               $"{result.WorkingSetAtEnd / 1048576.0:F0} MiB after {settings.Steps} more training steps");
        return 0;
    }

    private static string F(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
