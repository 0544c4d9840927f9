using System.ComponentModel;
using System.Globalization;
using Meiju.Features;
using Meiju.Features.Extraction;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary>
/// <c>meiju extract-text</c>: encodes the sentences of transcription CSVs (no video) into
/// <c>feature_root/&lt;feature&gt;/&lt;utterance&gt;.npy</c>; resumable (finished files are kept) and shardable.
/// </summary>
internal sealed class ExtractTextCommand : AsyncCommand<ExtractTextCommand.Settings>
{
    /// <summary>Options of <c>meiju extract-text</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-t|--transcripts <PATH>")]
        [Description("A transcription CSV (FileName, sentence, ...) or a dataset folder (all its *_transcription.csv); repeatable.")]
        public string[] Transcripts { get; init; } = [];

        [CommandOption("-o|--out <DIR>")]
        [Description("The feature root; features go to <DIR>/<feature>/<utterance>.npy.")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("-f|--features <NAMES>")]
        [Description("Comma-separated text features (default minilm_tokens; also minilm_sentence and text models of --manifest).")]
        [DefaultValue("minilm_tokens")]
        public string Features { get; init; } = "minilm_tokens";

        [CommandOption("--manifest <FILE>")]
        [Description("A model manifest adding ONNX text encoders (docs/extractors.md).")]
        public string? Manifest { get; init; }

        [CommandOption("--shard <I/N>")]
        [Description("Process only shard I of N (0-based, by a stable hash of the utterance name).")]
        public string? Shard { get; init; }

        [CommandOption("-j|--jobs <N>")]
        [Description("Utterances encoded in parallel (default 2).")]
        [DefaultValue(2)]
        [Positive]
        public int Jobs { get; init; } = 2;

        [CommandOption("--device <DEVICE>")]
        [Description("Where the ONNX models run: cpu (default), cuda or cuda:N (a GPU build and CUDA 13: docs/gpu.md).")]
        [DefaultValue("cpu")]
        [DeviceName]
        public string Device { get; init; } = "cpu";

        [CommandOption("--threads <N>")]
        [Description("ONNX Runtime intra-op threads per call (default 1).")]
        [DefaultValue(1)]
        [Positive]
        public int Threads { get; init; } = 1;

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (Transcripts.Length == 0)
            {
                return ValidationResult.Error("--transcripts <PATH> is required");
            }

            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out <DIR> is required");
            }

            return Jobs < 1 || Threads < 0 ? ValidationResult.Error("--jobs must be at least 1 and --threads 0 or more") : ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var names = settings.Features.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var loader = new TranscriptMediaLoader(settings.Transcripts);
        var device = ComputeDevice.Parse(settings.Device);
        Meiju.Features.Onnx.OnnxDevice.CheckAvailable(device);
        var registry = new FeatureRegistry(settings.Manifest is { } m ? Meiju.Features.Models.ModelManifest.Load(m) : null, new ExtractorOptions(settings.Threads, device));
        var extractors = registry.Create(names);
        var wrong = extractors.FirstOrDefault(e => e.Input != FeatureInput.Text);
        if (wrong is not null)
        {
            throw new ArgumentException($"'{wrong.Name}' is not a text feature; extract-text encodes text only (use meiju extract for media)");
        }

        var shard = settings.Shard is { } s ? ShardSpec.Parse(s) : null;
        var job = new FeatureExtractionJob(loader, extractors, new ExtractionJobOptions(settings.Out, settings.Jobs, shard));
        var console = AnsiConsole.Console;
        console.MarkupLine($"Encoding [blue]{Markup.Escape(string.Join(", ", names))}[/] for {loader.Count} utterances"
                           + (shard is null ? "" : $" (shard {shard})") + $" into [blue]{Markup.Escape(Path.GetFullPath(settings.Out))}[/]");
        var r = await ExtractCommand.RunWithProgressAsync(console, job, loader.Inputs, "utterances", cancellationToken);
        var rate = r.Completed > 0 ? r.Completed / Math.Max(r.WallSeconds, 1e-9) : 0;
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Total} utterances: [green]{r.Completed} encoded[/], {r.Skipped} already done, {(r.Failed > 0 ? $"[red]{r.Failed} failed[/]" : "0 failed")} in {r.WallSeconds:F1} s ({rate:F1} utterances/s)."));
        if (r.Failed > 0)
        {
            console.MarkupLine($"Per-item errors: [blue]{Markup.Escape(r.ErrorsFile)}[/]");
        }

        return r.Succeeded ? 0 : 1;
    }
}
