using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Meiju.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju bench train</c>: times training steps and inference of a model config, and traces memory.</summary>
internal sealed class BenchTrainCommand : Command<BenchTrainCommand.Settings>
{
    /// <summary>Options of <c>meiju bench train</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-c|--config <NAME>")]
        [Description("Model config (built-in name or path).")]
        [DefaultValue("baseline")]
        public string Config { get; init; } = "baseline";

        [CommandOption("--batch <N>")]
        [DefaultValue(32)]
        [Description("Utterances per batch.")]
        [Positive]
        public int Batch { get; init; } = 32;

        [CommandOption("--threads <N>")]
        [DefaultValue(2)]
        [Description("Torch CPU threads (the reference timings used 2).")]
        [Positive]
        public int Threads { get; init; } = 2;

        [CommandOption("--shapes <LIST>")]
        [DefaultValue("150/50/40,50/50/50")]
        [Description("A/V/L frame counts to time, comma-separated.")]
        public string Shapes { get; init; } = "150/50/40,50/50/50";

        [CommandOption("--steps <N>")]
        [DefaultValue(20)]
        [Description("Timed steps per measurement (median reported), after 3 warm-up steps.")]
        [Positive]
        public int Steps { get; init; } = 20;

        [CommandOption("--memory-steps <N>")]
        [DefaultValue(500)]
        [Description("Training steps of the memory trace (stage 2, first shape); 0 skips it.")]
        public int MemorySteps { get; init; } = 500;

        [CommandOption("--json <FILE>")]
        [Description("Also write the results as JSON.")]
        public string? Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var shapes = settings.Shapes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
        {
            var p = s.Split('/');
            return p.Length == 3 && p.All(x => int.TryParse(x, CultureInfo.InvariantCulture, out var v) && v > 0)
                ? (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[2], CultureInfo.InvariantCulture))
                : throw new ArgumentException($"--shapes: '{s}' is not A/V/L frame counts such as 150/50/40");
        }).ToArray();
        (IReadOnlyList<BenchmarkTiming> Timings, MemoryTrace? Memory) result = default;
        AnsiConsole.Status().Start("benchmarking", status =>
        {
            result = TrainingBenchmark.Run(new TrainingBenchmarkOptions
            {
                Config = settings.Config,
                Batch = settings.Batch,
                Threads = settings.Threads,
                Shapes = shapes,
                Steps = settings.Steps,
                MemorySteps = settings.MemorySteps,
                Progress = s => status.Status(Markup.Escape(s)),
            }, cancellationToken);
        });

        if (settings.Json is { } json)
        {
            var doc = new
            {
                config = settings.Config,
                batch = settings.Batch,
                threads = settings.Threads,
                timings = result.Timings!.Select(t => new { stage = t.Stage, frames = t.Frames, train_ms = new { t.TrainMs.Median, t.TrainMs.Min, t.TrainMs.Max }, infer_ms = new { t.InferMs.Median, t.InferMs.Min, t.InferMs.Max }, parameters = t.Parameters }),
                memory = result.Memory?.Samples.Select(s => new { step = s.Step, rss_mib = s.RssMiB }),
            };
            AtomicFile.WriteAllText(json, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
        }

        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("stage", "A/V/L frames", "train step ms (median [[min, max]])", "inference ms (median [[min, max]])", "parameters");
        foreach (var t in result.Timings!)
        {
            table.AddRow(
                t.Stage.ToString(inv), t.Frames,
                string.Create(inv, $"{t.TrainMs.Median:F1} [[{t.TrainMs.Min:F1}, {t.TrainMs.Max:F1}]]"),
                string.Create(inv, $"{t.InferMs.Median:F1} [[{t.InferMs.Min:F1}, {t.InferMs.Max:F1}]]"),
                t.Parameters.ToString("N0", inv));
        }

        AnsiConsole.Write(table);
        if (result.Memory is { } m)
        {
            AnsiConsole.MarkupLine(inv, "Memory over {0} training steps ({1}): RSS {2}",
                m.Samples[^1].Step, m.Frames, string.Join(" → ", m.Samples.Where((_, i) => i % 5 == 0 || i == m.Samples.Count - 1).Select(s => string.Create(inv, $"{s.RssMiB:F0} MiB @{s.Step}"))));
        }

        return 0;
    }
}
