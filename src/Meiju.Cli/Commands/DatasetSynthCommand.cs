using System.ComponentModel;
using System.Globalization;
using Meiju.Data;
using Meiju.Labels;
using Meiju.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju dataset synth</c>: writes a synthetic dataset in the MEIJU layout with a planted signal.</summary>
internal sealed class DatasetSynthCommand : Command<DatasetSynthCommand.Settings>
{
    /// <summary>Options of <c>meiju dataset synth</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Folder to write (created; must be empty or an earlier synthetic dataset).")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("--train <N>")]
        [Description("Training utterances.")]
        [DefaultValue(200)]
        public int Train { get; init; } = 200;

        [CommandOption("--valid <N>")]
        [Description("Validation utterances.")]
        [DefaultValue(50)]
        public int Valid { get; init; } = 50;

        [CommandOption("--test <N>")]
        [Description("Test utterances (names only in Testing_files.txt; labels in Testing_answers.txt).")]
        [DefaultValue(50)]
        public int Test { get; init; } = 50;

        [CommandOption("--seed <S>")]
        [Description("Seed of every random choice: the same options and seed give identical bytes.")]
        [DefaultValue(1L)]
        public long Seed { get; init; } = 1;

        [CommandOption("--signal <X>")]
        [Description("Planted class-mean offset in noise standard deviations (0 = no signal).")]
        [DefaultValue(1.0)]
        public double Signal { get; init; } = 1.0;

        [CommandOption("--signal-fraction <F>")]
        [Description("Fraction of each feature's dimensions carrying emotion signal (as many again carry intent).")]
        [DefaultValue(0.25)]
        public double SignalFraction { get; init; } = 0.25;

        [CommandOption("--correlation <P>")]
        [Description("Probability that the intent is the emotion's partner intent (e.g. sad -> consoling).")]
        [DefaultValue(0.4)]
        public double Correlation { get; init; } = 0.4;

        [CommandOption("--imbalanced")]
        [Description("Use the neutral-heavy class priors of MEIJU Track 2 English train instead of uniform ones.")]
        public bool Imbalanced { get; init; }

        [CommandOption("-f|--feature <NAME:D[:MINT-MAXT]>")]
        [Description("A feature folder to write, repeatable, e.g. -f wav2vec:512:20-60 -f resnet:342 -f roberta:768. Frames default to 8-32 when no range is given. Without -f: wav2vec 512 (T 20-60), resnet 342 (T 10-30), roberta 768 (T 6-24).")]
        public string[] Features { get; init; } = [];

        [CommandOption("--emotion-labels <SET>")]
        [Description("Emotion label set: a built-in set (meiju-emotion, meld-emotion, dailydialog-emotion, none). Other than MEIJU's, the dataset gets a labelsets.json naming it.")]
        public string? EmotionLabels { get; init; }

        [CommandOption("--intent-labels <SET>")]
        [Description("Intent label set: a built-in set (meiju-intent, mintrec-intent, dailydialog-act, none).")]
        public string? IntentLabels { get; init; }

        [CommandOption("--prefix <NAME>")]
        [Description("Utterance name prefix: <prefix>_Training_00001, ...")]
        [DefaultValue("Synth")]
        public string Prefix { get; init; } = "Synth";

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required") : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new SyntheticMeijuOptions
        {
            TrainCount = settings.Train,
            ValidCount = settings.Valid,
            TestCount = settings.Test,
            Seed = settings.Seed,
            Signal = settings.Signal,
            SignalFraction = settings.SignalFraction,
            Correlation = settings.Correlation,
            Imbalanced = settings.Imbalanced,
            NamePrefix = settings.Prefix,
            EmotionLabels = settings.EmotionLabels is { } e ? LabelSetCatalog.Get(e) : MeijuLabels.Emotion,
            IntentLabels = settings.IntentLabels is { } i ? LabelSetCatalog.Get(i) : MeijuLabels.Intent,
            Features = settings.Features.Length == 0
                ? SyntheticMeijuOptions.DefaultFeatures
                : [.. settings.Features.Select(f => SyntheticFeature.Parse(f))],
        };
        options.Check();

        SyntheticMeijuResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("writing utterances", maxValue: options.TrainCount + options.ValidCount + options.TestCount);
                result = SyntheticMeijuGenerator.Generate(settings.Out, options, new TaskProgress(task), cancellationToken);
            });

        var table = new Table().AddColumns("split", "utterances", "label list");
        foreach (var (split, utterances) in result!.Utterances)
        {
            table.AddRow(split.ToString(), utterances.Count.ToString(CultureInfo.InvariantCulture), LabelListFile.FileNames(split)[0]);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Wrote [bold]{0}[/] files, {1:N0} bytes, to {2}", result.Files, result.Bytes, Markup.Escape(result.Root));
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Features: {0} under {1}", Markup.Escape(string.Join(", ", options.Features.Select(f => $"{f.Name} [T, {f.Dimension}]"))), Markup.Escape(result.FeatureRoot));
        return 0;
    }
}
