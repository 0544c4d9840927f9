using System.ComponentModel;
using System.Globalization;
using Meiju.Inference;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju predict CLIP|FOLDER</c>: emotion and intent per clip with a model folder (<see cref="ClipAnalyzer"/>, <see cref="ClipBatch"/>).</summary>
internal sealed class PredictCommand : Command<PredictCommand.Settings>
{
    /// <summary>Options of <c>meiju predict</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[input]")]
        [Description("A video, audio or image file, a folder of them, or a .txt file (text only). Leave out with --transcript for text only.")]
        public string? Input { get; init; }

        [CommandOption("--model <DIR>")]
        [Description("Model folder (a finished run, or a model folder with config.json); default: the bundled models/meiju-base.")]
        public string? Model { get; init; }

        [CommandOption("--transcripts <CSV>")]
        [Description("CSV with FileName,sentence: the text of each listed clip (there is no offline speech recogniser). Default: transcripts.csv beside the clips, if any.")]
        public string? Transcripts { get; init; }

        [CommandOption("--transcript <TEXT>")]
        [Description("The text of the clip(s), when they are not in a CSV.")]
        public string? Transcript { get; init; }

        [CommandOption("--ocr")]
        [Description("Read burned-in subtitles with OCR when no transcript is given (slow).")]
        public bool Ocr { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table, json or csv. Default: from --out's extension (.json, .csv), else table.")]
        public string? Format { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Write the JSON/CSV report to this file (atomically) instead of stdout; checked before any work.")]
        public string? Out { get; init; }

        [CommandOption("--max-seconds <S>")]
        [Description("Refuse clips longer than this (from the container's duration).")]
        [DefaultValue(300.0)]
        [Positive]
        public double MaxSeconds { get; init; } = 300;

        [CommandOption("--threads <N>")]
        [Description("Torch threads.")]
        [DefaultValue(2)]
        [Positive]
        public int Threads { get; init; } = 2;

        /// <summary>The format used: --format, else --out's extension, else table.</summary>
        public string EffectiveFormat => Format ?? Path.GetExtension(Out ?? "").ToLowerInvariant() switch
        {
            ".json" => "json",
            ".csv" => "csv",
            _ => "table",
        };

        public override ValidationResult Validate()
        {
            if (Format is not (null or "table" or "json" or "csv"))
            {
                return ValidationResult.Error($"--format {Format}: must be table, json or csv");
            }

            if (Input is null && string.IsNullOrWhiteSpace(Transcript))
            {
                return ValidationResult.Error("give a clip, a folder or a .txt file to predict, or --transcript TEXT for text only");
            }

            if (Threads < 1 || MaxSeconds <= 0)
            {
                return ValidationResult.Error(Threads < 1 ? $"--threads {Threads}: must be at least 1" : $"--max-seconds {MaxSeconds}: must be positive");
            }

            return Out is null ? ValidationResult.Success() : ValidateOut(Out, EffectiveFormat);
        }

        /// <summary>An --out that cannot be written fails here, not after every clip has been analysed.</summary>
        private static ValidationResult ValidateOut(string path, string format)
        {
            if (format == "table")
            {
                return ValidationResult.Error($"--out {path}: a table goes to the terminal; add --format json or csv (or name the file .json or .csv)");
            }

            if (Directory.Exists(path))
            {
                return ValidationResult.Error($"--out {path}: is a folder; give a file name such as {Path.Combine(path, "predictions." + format)}");
            }

            var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
            return Directory.Exists(parent) ? ValidationResult.Success() : ValidationResult.Error($"--out {path}: folder {parent} does not exist");
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        torch.set_num_threads(Math.Max(1, settings.Threads));
        var model = settings.Model ?? DefaultModel.Path();
        var clips = settings.Input is { } input ? ClipBatch.Clips(input) : [];

        // A transcripts.csv beside the clips (as in samples/cremad) is their text unless another source is named.
        var transcripts = settings.Transcripts;
        var beside = settings.Input is null ? ""
            : Path.Combine(Directory.Exists(settings.Input) ? settings.Input : Path.GetDirectoryName(Path.GetFullPath(settings.Input))!, "transcripts.csv");
        if (transcripts is null && settings.Transcript is null && File.Exists(beside))
        {
            transcripts = beside;
            Console.Error.WriteLine($"text from {beside} (no --transcripts given)");
        }

        using var analyzer = new ClipAnalyzer(model, new ClipAnalyzerOptions { TranscriptsCsv = transcripts, Ocr = settings.Ocr, MaxDurationSeconds = settings.MaxSeconds });
        // JSON/CSV on stdout stay machine-readable: no progress bar there.
        var format = settings.EffectiveFormat;
        var toStdout = format != "table" && settings.Out is null;
        PredictionBatch batch;
        if (settings.Input is null)
        {
            batch = ClipBatch.RunText(analyzer, model, settings.Transcript!);
        }
        else if (clips.Count > 1 && !toStdout)
        {
            PredictionBatch? result = null;
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("predicting", maxValue: clips.Count);
                result = ClipBatch.Run(analyzer, model, clips, settings.Transcript, new TaskProgress(task), cancellationToken);
            });
            batch = result!;
        }
        else
        {
            batch = ClipBatch.Run(analyzer, model, clips, settings.Transcript, cancel: cancellationToken);
        }

        var text = format switch
        {
            "json" => PredictionReport.ToJson(batch),
            "csv" => PredictionReport.ToCsv(batch),
            _ => null,
        };
        if (text is null)
        {
            WriteTable(batch);
        }
        else if (settings.Out is { } path)
        {
            AtomicFile.WriteAllText(path, text);
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(path)}");
        }
        else
        {
            Console.Out.Write(text);
        }

        if (toStdout)
        {
            Console.Error.WriteLine(SummaryLine(batch));
        }
        else
        {
            AnsiConsole.MarkupLine(Markup.Escape(SummaryLine(batch)));
        }

        return batch.Failed == 0 ? 0 : 1;
    }

    private static void WriteTable(PredictionBatch batch)
    {
        var c = CultureInfo.InvariantCulture;
        var modalities = batch.Items.Where(i => i.Analysis is not null).SelectMany(i => i.Analysis!.Contributions.Select(x => x.Modality)).Distinct().ToList();
        var table = new Table().AddColumns(["clip", "emotion", "intent", .. modalities.Select(m => $"Δ{m} emo/int"), "text", "notes"]);
        foreach (var i in batch.Items)
        {
            var name = Markup.Escape(Path.GetFileName(i.Path));
            if (i.Analysis is not { } a)
            {
                table.AddRow([name, "", "", .. modalities.Select(_ => ""), "", "[red]" + Markup.Escape(i.Error ?? "") + "[/]"]);
                continue;
            }

            var gold = i.GoldEmotion is { } g ? (i.EmotionCorrect == true ? " [green]✓[/]" : $" [red]✗ ({g})[/]") : "";
            var deltas = modalities.Select(m => a.Contributions.FirstOrDefault(x => x.Modality == m) is { Present: true } x
                ? string.Create(c, $"{x.EmotionDelta:+0.00;-0.00}/{x.IntentDelta:+0.00;-0.00}")
                : "absent");
            table.AddRow([
                name,
                Markup.Escape(string.Create(c, $"{a.TopEmotion.Label} {a.TopEmotion.Probability:0.00}")) + gold,
                Markup.Escape(string.Create(c, $"{a.TopIntent.Label} {a.TopIntent.Probability:0.00}")),
                .. deltas,
                Markup.Escape(a.Text ?? "-"),
                Markup.Escape(string.Join("; ", a.Warnings)),
            ]);
        }

        table.Caption("Δ = p(top class) − p(top class with that modality masked); positive: the modality supported it");
        AnsiConsole.Write(table);
    }

    private static string SummaryLine(PredictionBatch batch)
    {
        var line = $"{batch.Items.Count} clip(s), {batch.Failed} failed";
        if (batch.WithGold > 0)
        {
            line += $"; emotion right on {batch.EmotionsRight} of {batch.WithGold} clips with a gold label in the file name (CREMA-D)";
        }

        return line;
    }
}
