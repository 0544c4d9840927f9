using System.ComponentModel;
using Meiju.Data;
using Meiju.Metrics;
using Meiju.Training;
using Meiju.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju evaluate</c>: scores a submission-format predictions CSV against a label list.</summary>
internal sealed class EvaluateCommand(IAnsiConsole console) : Command<EvaluateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-p|--predictions <CSV>")]
        [Description("Predictions in the challenge submission format: a CSV with columns filename, emo_pred, int_pred and string labels (e.g. Track2_Validation_00001.mp4,neutral,questioning). Names may omit .mp4; the header is optional.")]
        public string Predictions { get; init; } = string.Empty;

        [CommandOption("-l|--labels <FILE>")]
        [Description("The labelled list to score against, e.g. Validation_files.txt or valid_filelist.txt (lines: <name>[[.mp4]] <emotion> <intent>).")]
        public string Labels { get; init; } = string.Empty;

        [CommandOption("-t|--track <TRACK>")]
        [Description("1 = rank by weighted F1 (Track 1), 2 = rank by micro F1 (Track 2). Default: from the labels path (Track1_... → 1); required when the path does not say.")]
        public int? Track { get; init; }

        [CommandOption("--json <FILE>")]
        [Description("Also write the full report (scores, per-class rows, confusion matrices) as JSON.")]
        public string? Json { get; init; }

        [CommandOption("--confusion <DIR>")]
        [Description("Also write emotion-confusion.png and intent-confusion.png heatmaps to this folder.")]
        public string? Confusion { get; init; }

        [CommandOption("-m|--model <DIR>")]
        [Description("Instead of --predictions: predict with a trained model (a meiju train run folder, or a model folder) on --data's --split and score that. Predictions are written to <model>/predictions-<split>.csv.")]
        public string? Model { get; init; }

        [CommandOption("-d|--data <DIR>")]
        [Description("With --model: the dataset folder (label lists; features under <data>/features or --features-root).")]
        public string? Data { get; init; }

        [CommandOption("--features-root <DIR>")]
        [Description("With --model: folder of <feature>/<utterance>.npy.")]
        public string? FeaturesRoot { get; init; }

        [CommandOption("-s|--split <SPLIT>")]
        [Description("With --model: the labelled split to score: valid, train or test (a test list with labels, e.g. from dataset import).")]
        [DefaultValue("valid")]
        public string Split { get; init; } = "valid";

        [CommandOption("--cpu")]
        [Description("With --model: use the CPU even when CUDA is available.")]
        public bool Cpu { get; init; }

        [CommandOption("--all-classes")]
        [Description("Score every class of the label sets. By default only classes that occur in the labels or predictions are scored, as scikit-learn and the challenge do; this changes macro F1 only.")]
        public bool AllClasses { get; init; }

        public override ValidationResult Validate()
        {
            if (Model is not null)
            {
                return string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--model needs --data <DIR>")
                    : !string.IsNullOrWhiteSpace(Predictions) ? ValidationResult.Error("give either --predictions or --model, not both")
                    : !SplitNames.TryParse(Split, out _) ? ValidationResult.Error("--split must be train, valid or test")
                    : Track is null or 1 or 2 ? ValidationResult.Success() : ValidationResult.Error("--track must be 1 or 2");
            }

            if (string.IsNullOrWhiteSpace(Predictions))
            {
                return ValidationResult.Error("--predictions <CSV> is required");
            }

            if (string.IsNullOrWhiteSpace(Labels))
            {
                return ValidationResult.Error("--labels <FILE> is required");
            }

            return Track is null or 1 or 2 ? ValidationResult.Success() : ValidationResult.Error("--track must be 1 or 2");
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        JointReport report;
        string title;
        if (settings.Model is { } modelDir)
        {
            SplitNames.TryParse(settings.Split, out var split);
            using var model = TrainedModel.Load(modelDir, settings.Cpu);
            var data = TrainingSplit.Open(settings.Data!, settings.FeaturesRoot, split, model.Streams, requireLabels: true);
            var predictions = model.Predict(data);
            var csv = Path.Combine(modelDir, $"predictions-{settings.Split.ToLowerInvariant()}.csv");
            SubmissionFile.Write(csv, predictions.Rows(), data.EmotionLabels, data.IntentLabels);
            var modelTrack = settings.Track is { } mt ? ChallengeTrackExtensions.FromNumber(mt) : model.Track;
            report = PredictionEvaluator.Evaluate(data.Items, predictions.Rows(), modelTrack, data.EmotionLabels, data.IntentLabels, settings.AllClasses, data.LabelPath, csv);
            title = $"{model.Card.Name} (stage {model.Card.Stage}) on {Path.GetFileName(data.LabelPath)}, track {(int)modelTrack}";
            console.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(csv))}[/]");
        }
        else
        {
            var track = settings.Track is { } t
                ? ChallengeTrackExtensions.FromNumber(t)
                : ChallengeTrackExtensions.FromName(Path.GetFullPath(settings.Labels))
                    ?? throw new ArgumentException($"cannot tell the track from '{settings.Labels}': pass --track 1 or --track 2");
            // A labelsets.json beside the label list names its classes (MIntRec's 20 intents, DailyDialog's acts).
            var (emotion, intent) = DatasetLabelSets.Read(Path.GetDirectoryName(Path.GetFullPath(settings.Labels))!);
            report = PredictionEvaluator.Evaluate(settings.Predictions, settings.Labels, track, emotion, intent, settings.AllClasses);
            title = $"{Path.GetFileName(settings.Predictions)} vs {Path.GetFileName(settings.Labels)}, track {(int)track}";
        }

        console.Write(ReportTables.PerClass("Emotion", report.Emotion));
        console.Write(ReportTables.PerClass("Intent", report.Intent));
        console.Write(ReportTables.Summary(report, title));

        if (settings.Json is { } json)
        {
            AtomicFile.WriteAllText(json, report.ToJson());
            console.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(json))}[/]");
        }

        if (settings.Confusion is { } dir)
        {
            var metric = report.Metric.ToString().ToLowerInvariant();
            foreach (var (task, r, score) in new[] { ("emotion", report.Emotion, report.EmotionScore), ("intent", report.Intent, report.IntentScore) })
            {
                var png = Path.Combine(dir, $"{task}-confusion.png");
                ConfusionMatrixChart.Save(r.Confusion, png, $"{char.ToUpperInvariant(task[0])}{task[1..]} ({metric} F1 {ReportTables.F(score)})");
                console.MarkupLine($"Wrote [blue]{Markup.Escape(Path.GetFullPath(png))}[/]");
            }
        }

        return 0;
    }
}
