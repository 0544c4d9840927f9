using System.ComponentModel;
using Meiju.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary>
/// <c>meiju dataset mean-pool</c>: write the time mean of each [T, D] feature file as [1, D]
/// (<see cref="FeatureMeanPool"/>), the exact input of the pool encoder at a fraction of the cost.
/// </summary>
internal sealed class DatasetMeanPoolCommand : Command<DatasetMeanPoolCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-i|--in <DIR>")]
        [Description("Feature folder of <utterance>.npy [[T, D]] files (e.g. data/dailydialog/features/minilm_tokens).")]
        public string In { get; init; } = string.Empty;

        [CommandOption("-o|--out <DIR>")]
        [Description("Output feature folder (e.g. runs/dd/features/minilm_mean); files already there are kept.")]
        public string Out { get; init; } = string.Empty;

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(In) || string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--in <DIR> and --out <DIR> are required") : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var written = 0;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("mean-pool", maxValue: 1);
                written = FeatureMeanPool.Write(settings.In, settings.Out, new Progress<(int Done, int Total)>(p =>
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                }), cancellationToken);
            });
        AnsiConsole.MarkupLine($"{written} files written to [blue]{Markup.Escape(Path.GetFullPath(settings.Out))}[/]");
        return 0;
    }
}
