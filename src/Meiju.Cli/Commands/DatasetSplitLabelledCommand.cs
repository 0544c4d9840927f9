using System.ComponentModel;
using Meiju.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary>
/// <c>meiju dataset split-labelled</c>: keep a seeded fraction of the training list labelled (whole dialogues) and
/// move the rest into an unlabelled pool, to simulate the low-resource track (<see cref="LabelledFraction"/>).
/// </summary>
internal sealed class DatasetSplitLabelledCommand : Command<DatasetSplitLabelledCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-d|--data <DIR>")]
        [Description("Source dataset folder (Training_files.txt, Validation_files.txt, labelsets.json).")]
        public string Data { get; init; } = string.Empty;

        [CommandOption("-o|--out <DIR>")]
        [Description("New dataset folder: labelled Training_files.txt, NoAnnotation_files.txt, the validation list. Features stay in the source's feature root (pass --features-root).")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("--labelled-fraction <F>")]
        [Description("Fraction of training utterances kept labelled, in (0, 1).")]
        [DefaultValue(0.1)]
        public double Fraction { get; init; } = 0.1;

        [CommandOption("--seed <N>")]
        [Description("Seed of the dialogue shuffle.")]
        [DefaultValue(1L)]
        public long Seed { get; init; } = 1;

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Data) || string.IsNullOrWhiteSpace(Out)
                ? ValidationResult.Error("--data <DIR> and --out <DIR> are required")
                : Fraction is <= 0 or >= 1 ? ValidationResult.Error("--labelled-fraction must be in (0, 1)") : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (labelled, unlabelled) = LabelledFraction.Write(settings.Data, settings.Out, settings.Fraction, settings.Seed);
        AnsiConsole.MarkupLine($"{labelled} labelled, {unlabelled} unlabelled utterances in [blue]{Markup.Escape(Path.GetFullPath(settings.Out))}[/]");
        return 0;
    }
}
