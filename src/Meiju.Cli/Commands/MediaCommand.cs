using System.ComponentModel;
using System.Globalization;
using Meiju.Media;
using Meiju.Media.Audio;
using Meiju.Media.Decoding;
using Meiju.Media.Faces;
using Meiju.Media.Subtitles;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju media FILES…</c>: decode files as feature extraction would and show what was found.</summary>
internal sealed class MediaCommand : AsyncCommand<MediaCommand.Settings>
{
    /// <summary>Options of <c>meiju media</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<paths>")]
        [Description("Media files or folders (folders: every file in them, sorted).")]
        public string[] Paths { get; init; } = [];

        [CommandOption("--every <N>")]
        [Description("Sample every Nth frame (default 10, as the official baseline).")]
        [DefaultValue(10)]
        [Positive]
        public int EveryNth { get; init; } = 10;

        [CommandOption("--fps <RATE>")]
        [Description("Sample at a fixed frame rate instead of every Nth frame.")]
        public double? Fps { get; init; }

        [CommandOption("--max-frames <N>")]
        [Description("Most frames decoded per file (memory cap; default 300).")]
        [DefaultValue(300)]
        [Positive]
        public int MaxFrames { get; init; } = 300;

        [CommandOption("--no-faces")]
        [Description("Skip face detection.")]
        public bool NoFaces { get; init; }

        [CommandOption("--ocr <LANGS>")]
        [Description("Read burned-in subtitles with Tesseract languages, e.g. eng+chi_sim.")]
        public string? Ocr { get; init; }

        [CommandOption("--denoise")]
        [Description("Spectral-gating noise reduction.")]
        public bool Denoise { get; init; }

        [CommandOption("--trim")]
        [Description("Trim leading and trailing non-speech (Silero VAD).")]
        public bool Trim { get; init; }

        [CommandOption("--loudness <MODE>")]
        [Description("none, peak or rms (default rms, -23 dBFS).")]
        [DefaultValue(LoudnessMode.Rms)]
        public LoudnessMode Loudness { get; init; } = LoudnessMode.Rms;

        [CommandOption("--contact-sheet <PNG>")]
        [Description("Write the face crops (one row per file) to this PNG.")]
        public string? ContactSheet { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var paths = settings.Paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order(StringComparer.Ordinal).ToArray() : new[] { p }).ToList();
        var options = new MediaLoaderOptions
        {
            Frames = new FrameSampling { EveryNth = settings.EveryNth, FramesPerSecond = settings.Fps, MaxFrames = settings.MaxFrames },
            Audio = new AudioPreprocessingOptions
            {
                NoiseReduction = settings.Denoise ? new SpectralGate() : null,
                TrimToSpeech = settings.Trim,
                Loudness = settings.Loudness,
                LoudnessTargetDbfs = settings.Loudness == LoudnessMode.Peak ? -1 : -23,
            },
            Faces = settings.NoFaces ? null : new FaceOptions(),
            Subtitles = settings.Ocr is { } langs ? new SubtitleOptions { Languages = langs } : null,
        };

        IReadOnlyList<MediaInspectionItem> items = [];
        var wall = System.Diagnostics.Stopwatch.StartNew();
        await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask("decoding", maxValue: Math.Max(1, paths.Count));
            items = await MediaInspection.RunAsync(paths, options, settings.ContactSheet,
                new Progress<int>(done => task.Value = done), cancellationToken);
            task.Value = task.MaxValue;
        });

        var table = new Table().AddColumns("file", "frames", "audio s", "speech s", "faces", "text", "notes");
        foreach (var item in items)
        {
            var m = item.Media;
            var name = Path.GetFileName(item.Path);
            if (m is null)
            {
                table.AddRow(Markup.Escape(name), "", "", "", "", "", "[red]" + Markup.Escape(item.Error ?? "") + "[/]");
                continue;
            }

            table.AddRow(
                Markup.Escape(name),
                m.Frames.Count.ToString(CultureInfo.InvariantCulture),
                m.Audio is { } a ? a.DurationSeconds.ToString("F2", CultureInfo.InvariantCulture) : "-",
                item.SpeechSeconds is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) : "-",
                m.Faces.Count.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(m.Texts.TryGetValue(FfmpegMediaLoader.SubtitleText, out var t) ? t : ""),
                Markup.Escape(string.Join("; ", m.Warnings)));
        }

        AnsiConsole.Write(table);
        var loaded = items.Where(i => i.Media is not null).Select(i => i.Media!).ToList();
        var mediaSeconds = loaded.Where(m => double.IsFinite(m.DurationSeconds)).Sum(m => m.DurationSeconds);
        var stageTotals = loaded.SelectMany(m => m.StageSeconds).GroupBy(kv => kv.Key)
            .Select(g => $"{g.Key} {g.Sum(kv => kv.Value).ToString("F2", CultureInfo.InvariantCulture)} s");
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{items.Count} file(s), {items.Count(i => i.Error is not null)} failed; {mediaSeconds:F1} s of media in {wall.Elapsed.TotalSeconds:F1} s wall ({mediaSeconds / wall.Elapsed.TotalSeconds:F2}× real time); stages: {string.Join(", ", stageTotals)}")));
        if (settings.ContactSheet is { } png && File.Exists(png))
        {
            AnsiConsole.MarkupLine($"contact sheet: {Markup.Escape(png)}");
        }

        // Exit code 2 (bad input) when any file failed: the batch still ran to the end.
        return items.Any(i => i.Error is not null) ? CliErrors.BadInput : 0;
    }
}
