using System.ComponentModel;
using System.Globalization;
using Meiju.Inference;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju bench predict</c>: warm per-stage latency of one clip (<see cref="PredictionBenchmark"/>).</summary>
internal sealed class BenchPredictCommand : Command<BenchPredictCommand.Settings>
{
    /// <summary>Options of <c>meiju bench predict</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--clip <FILE>")]
        [Description("The clip to time (the docs use a 5-second clip).")]
        public string Clip { get; init; } = "";

        [CommandOption("--model <DIR>")]
        [Description("Model folder; default: models/meiju-base.")]
        public string? Model { get; init; }

        [CommandOption("--transcript <TEXT>")]
        [Description("Text of the clip (so the text stream runs too).")]
        public string? Transcript { get; init; }

        [CommandOption("--runs <N>")]
        [Description("Timed runs after one warm-up.")]
        [DefaultValue(10)]
        [Positive]
        public int Runs { get; init; } = 10;

        [CommandOption("--threads <N>")]
        [Description("Torch threads.")]
        [DefaultValue(2)]
        [Positive]
        public int Threads { get; init; } = 2;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        torch.set_num_threads(Math.Max(1, settings.Threads));
        using var analyzer = new ClipAnalyzer(settings.Model ?? DefaultModel.Path());
        PredictionBenchmarkResult? result = null;
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("timing", maxValue: Math.Max(1, settings.Runs));
            result = PredictionBenchmark.Run(analyzer, settings.Clip, Math.Max(1, settings.Runs), settings.Transcript, new TaskProgress(task));
        });

        var c = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("stage", "median s");
        foreach (var (stage, seconds) in result!.Median)
        {
            table.AddRow(stage, seconds.ToString("F3", c));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(c,
            $"{result.Clip}: {result.DurationSeconds:F2} s of media, {result.Runs} warm runs, {settings.Threads} torch thread(s), {Environment.ProcessorCount} cores; first (cold) call {result.ColdSeconds:F2} s")));
        return 0;
    }
}
