using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Meiju.Features.Evaluation;
using Meiju.Features.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary>
/// <c>meiju bench features-eval</c>: linear probes of the default features on real data — FER-2013 (fer posteriors
/// and penultimate features, held-out part of train) and RAVDESS (audio features, actors 01–16 → 17–20).
/// </summary>
internal sealed class FeaturesEvalCommand : Command<FeaturesEvalCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("The shared data root holding fer2013/ and ravdess-speech-16k/ (default: $MEIJU_SHARED_DATA or ../shared/data beside the repository).")]
        public string? Data { get; init; }

        [CommandOption("--only <WHICH>")]
        [Description("fer or ravdess (default: both).")]
        public string? Only { get; init; }

        [CommandOption("--per-class <N>")]
        [Description("FER-2013 images per class (seeded stratified sample; default 800, 20% held out for validation).")]
        [Positive]
        public int PerClass { get; init; } = 800;

        [CommandOption("--fer-valid <DIR>")]
        [Description("Score FER on this folder instead of a held-out part of train (e.g. <data>/fer2013/val: faces the network did not train on).")]
        public string? FerValid { get; init; }

        [CommandOption("--fer-holdout <SHARE>")]
        [Description("Share of each FER class held out of train for validation when --fer-valid is not given (default 0.2).")]
        [DefaultValue(0.2)]
        public double FerHoldout { get; init; } = 0.2;

        [CommandOption("--train-actors <LIST>")]
        [Description("RAVDESS actors that train the probe, e.g. 1-16 or 1-12,15 (default 1-16).")]
        [DefaultValue("1-16")]
        public string TrainActors { get; init; } = "1-16";

        [CommandOption("--test-actors <LIST>")]
        [Description("RAVDESS actors scored, disjoint from --train-actors (default 17-20).")]
        [DefaultValue("17-20")]
        public string TestActors { get; init; } = "17-20";

        [CommandOption("--seed <N>")]
        [Description("Seed of sampling, splitting and training (default 13).")]
        public int Seed { get; init; } = 13;

        [CommandOption("-j|--jobs <N>")]
        [Description("Parallel workers (default 2).")]
        [Positive]
        public int Jobs { get; init; } = 2;

        [CommandOption("--json <FILE>")]
        [Description("Also write the results as JSON.")]
        public string? Json { get; init; }

        public override ValidationResult Validate()
        {
            if (Only is not (null or "fer" or "ravdess"))
            {
                return ValidationResult.Error("--only must be fer or ravdess");
            }

            if (FerHoldout is <= 0 or >= 1)
            {
                return ValidationResult.Error("--fer-holdout must be between 0 and 1 (exclusive)");
            }

            try
            {
                _ = RavdessEvaluation.ParseActors(TrainActors);
                _ = RavdessEvaluation.ParseActors(TestActors);
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error(e.Message);
            }

            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var data = settings.Data
                   ?? (Environment.GetEnvironmentVariable("MEIJU_SHARED_DATA") is { Length: > 0 } env ? env : null)
                   ?? Path.GetFullPath(Path.Combine(ModelLocator.RepositoryRoot() ?? ".", "..", "shared", "data"));
        var console = AnsiConsole.Console;
        var results = new Dictionary<string, object>();
        if (settings.Only is null or "fer")
        {
            Fer2013EvaluationResult? fer = null;
            console.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("FER-2013 faces", maxValue: 1);
                fer = Fer2013Evaluation.Run(
                    new Fer2013EvaluationOptions(Path.Combine(data, "fer2013", "train"), settings.PerClass, settings.FerHoldout, settings.Seed, settings.Jobs, ValidationFolder: settings.FerValid),
                    new Progress<(int Done, int Total)>(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
                task.Value = task.MaxValue;
            });
            console.Write(Table($"FER-2013 {fer!.Split}: {fer.TrainCount} train / {fer.ValidationCount} validation (network {fer.NetworkSeconds:F0} s, total {fer.TotalSeconds:F0} s)", fer.Results));
            results["fer2013"] = fer;
        }

        if (settings.Only is null or "ravdess")
        {
            RavdessEvaluationResult? ravdess = null;
            console.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("RAVDESS speech", maxValue: 1);
                ravdess = RavdessEvaluation.Run(
                    new RavdessEvaluationOptions(Path.Combine(data, "ravdess-speech-16k"), settings.Seed, settings.Jobs,
                        TrainActors: RavdessEvaluation.ParseActors(settings.TrainActors), TestActors: RavdessEvaluation.ParseActors(settings.TestActors)),
                    new Progress<(int Done, int Total)>(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
                task.Value = task.MaxValue;
            });
            console.Write(Table($"RAVDESS, {ravdess!.Split} ({ravdess.TrainCount} / {ravdess.TestCount} clips), 7 classes, calm dropped (features {ravdess.FeatureSeconds:F0} s, total {ravdess.TotalSeconds:F0} s)", ravdess.Results));
            results["ravdess"] = ravdess;
        }

        if (settings.Json is { } json)
        {
            AtomicFile.WriteAllText(json, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            console.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(json))}[/]");
        }

        return 0;
    }

    private static Table Table(string title, IReadOnlyList<ProbeResult> results)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) }.AddColumns("features", "n", "accuracy", "weighted F1", "macro F1");
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Features),
                r.Scores.Count.ToString(CultureInfo.InvariantCulture),
                r.Scores.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
                r.Scores.WeightedF1.ToString("F4", CultureInfo.InvariantCulture),
                r.Scores.MacroF1.ToString("F4", CultureInfo.InvariantCulture));
        }

        return table;
    }
}
