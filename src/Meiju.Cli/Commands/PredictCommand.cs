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
        [CommandArgument(0, "<input>")]
        [Description("A video or audio file, or a folder of them.")]
        public string Input { get; init; } = "";

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
        [Description("table (default), json or csv.")]
        [DefaultValue("table")]
        public string Format { get; init; } = "table";

        [CommandOption("--out <FILE>")]
        [Description("Write the JSON/CSV report to this file (atomically) instead of stdout.")]
        public string? Out { get; init; }

        [CommandOption("--max-seconds <S>")]
        [Description("Refuse clips longer than this (from the container's duration).")]
        [DefaultValue(300.0)]
        public double MaxSeconds { get; init; } = 300;

        [CommandOption("--threads <N>")]
        [Description("Torch threads.")]
        [DefaultValue(2)]
        public int Threads { get; init; } = 2;

        public override ValidationResult Validate() =>
            Format is "table" or "json" or "csv" ? ValidationResult.Success() : ValidationResult.Error("--format must be table, json or csv");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        torch.set_num_threads(Math.Max(1, settings.Threads));
        var model = settings.Model ?? DefaultModel.Path();
        var clips = ClipBatch.Clips(settings.Input);

        // A transcripts.csv beside the clips (as in samples/cremad) is their text unless another source is named.
        var transcripts = settings.Transcripts;
        var beside = Path.Combine(Directory.Exists(settings.Input) ? settings.Input : Path.GetDirectoryName(Path.GetFullPath(settings.Input))!, "transcripts.csv");
        if (transcripts is null && settings.Transcript is null && File.Exists(beside))
        {
            transcripts = beside;
            Console.Error.WriteLine($"text from {beside} (no --transcripts given)");
        }

        using var analyzer = new ClipAnalyzer(model, new ClipAnalyzerOptions { TranscriptsCsv = transcripts, Ocr = settings.Ocr, MaxDurationSeconds = settings.MaxSeconds });
        // JSON/CSV on stdout stay machine-readable: no progress bar there.
        var toStdout = settings.Format != "table" && settings.Out is null;
        PredictionBatch batch;
        if (clips.Count > 1 && !toStdout)
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

        var text = settings.Format switch
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
