using System.Diagnostics;
using Meiju.Data;
using Meiju.Features;
using Meiju.IO;
using Meiju.Labels;
using Meiju.Media;
using Meiju.Media.Decoding;
using Meiju.Model;
using Meiju.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Inference;

/// <summary>
/// The <see cref="IClipAnalyzer"/> over a trained model folder: decodes the clip with <see cref="FfmpegMediaLoader"/>,
/// runs the extractors the model's streams name (created once, so ONNX sessions are reused across clips), pools
/// them as <c>inference.json</c> says, and runs the model with every absent modality masked. Contributions come
/// from the same forward pass: one batch row with all present modalities, one row per present modality with it
/// masked. Build one analyzer and call <see cref="Analyze"/> for many clips; it is not meant for concurrent calls.
/// </summary>
public sealed class ClipAnalyzer : IClipAnalyzer, IDisposable
{
    /// <summary>Stage names in <see cref="ClipAnalysis.StageSeconds"/>.</summary>
    public static readonly IReadOnlyList<string> Stages = ["decode", "features", "model"];

    private readonly TrainedModel _model;
    private readonly InferenceSettings _settings;
    private readonly ClipAnalyzerOptions _options;
    private readonly FfmpegMediaLoader _loader;
    private readonly IReadOnlyList<(StreamConfig Stream, IFeatureExtractor Extractor, string Pooling, int Width)> _streams;
    private readonly IReadOnlyDictionary<string, string> _transcripts;

    /// <summary>Loads the model and creates its extractors.</summary>
    /// <exception cref="MeijuDataException">The model folder, its settings or the transcript CSV cannot be read.</exception>
    public ClipAnalyzer(string modelDir, ClipAnalyzerOptions? options = null)
    {
        _options = options ?? new ClipAnalyzerOptions();
        _model = TrainedModel.Load(modelDir, _options.Cpu);
        _settings = InferenceSettings.Load(modelDir);
        ModelDirectory = modelDir;
        var config = _model.Model.Config;
        EmotionLabels = Labels(_settings.EmotionLabels, config.EmotionClasses, MeijuLabels.Emotion, modelDir, "emotion");
        IntentLabels = Labels(_settings.IntentLabels, config.IntentClasses, MeijuLabels.Intent, modelDir, "intent");

        var registry = new FeatureRegistry(options: new ExtractorOptions(), ferModel: _options.FerModel);
        var streams = new List<(StreamConfig, IFeatureExtractor, string, int)>();
        foreach (var s in _model.Model.TokenStreams)
        {
            IFeatureExtractor extractor;
            try
            {
                extractor = registry.Create(s.Source is null or "subtitle" or "transcript" ? s.Feature : $"{s.Feature}@{s.Source}");
            }
            catch (ArgumentException ex)
            {
                throw new MeijuDataException(modelDir, $"stream '{s.Name}' reads feature '{s.Feature}', which Meiju cannot extract from a clip: {ex.Message}");
            }

            var pooling = _settings.PoolingOf(s.Name);
            var width = FeaturePooling.Width(extractor.Dimension, pooling);
            if (width != config.InputDim(s))
            {
                throw new MeijuDataException(modelDir, $"stream '{s.Name}': the model takes {config.InputDim(s)}-wide input but '{s.Feature}' pooled '{pooling}' gives {width}");
            }

            streams.Add((s, extractor, pooling, width));
        }

        _streams = streams;
        Modalities = ModelConfig.ModalityNames.Where(m => streams.Any(s => Is(s.Item1, m))).ToList();
        _transcripts = _options.TranscriptsCsv is { } csv
            ? TranscriptionCsv.Read(csv, MeijuLabels.Emotion, MeijuLabels.Intent, readLabels: false).ToDictionary(r => r.Name, r => r.Sentence, StringComparer.Ordinal)
            : new Dictionary<string, string>();

        var needsFrames = streams.Any(s => (s.Item2.Input & (FeatureInput.Frames | FeatureInput.Faces)) != 0) || _options.FacePngCount > 0 || _options.Ocr;
        _loader = new FfmpegMediaLoader(new MediaLoaderOptions
        {
            Frames = needsFrames ? FrameSampling.Baseline : null,
            Faces = needsFrames ? new Meiju.Media.Faces.FaceOptions() : null,
            Subtitles = _options.Ocr ? new Meiju.Media.Subtitles.SubtitleOptions() : null,
            Audio = AudioOptions(_options.MaxDurationSeconds),
        });
    }

    /// <summary>
    /// Audio preprocessing of the prediction path (loudness normalisation, no voice-activity detection: nothing
    /// downstream reads it, and it costs latency). meiju-base's RAVDESS features go through the same settings.
    /// </summary>
    public static Meiju.Media.Audio.AudioPreprocessingOptions AudioOptions(double maxSeconds = 600) =>
        new() { MaxSeconds = Math.Max(1, maxSeconds), DetectSpeech = false };

    /// <summary>The model folder.</summary>
    public string ModelDirectory { get; }

    /// <summary>The model's config name.</summary>
    public string ModelName => _model.Card.Name;

    /// <summary>Emotion class names in logit order.</summary>
    public IReadOnlyList<string> EmotionLabels { get; }

    /// <summary>Intent class names in logit order.</summary>
    public IReadOnlyList<string> IntentLabels { get; }

    /// <summary>The modalities (V, A, T) the model has, in that order.</summary>
    public IReadOnlyList<string> Modalities { get; }

    /// <inheritdoc />
    public ClipAnalysis Analyze(string path, string? transcript = null, CancellationToken cancel = default) =>
        AnalyzeAsync(path, transcript, cancel).GetAwaiter().GetResult();

    /// <summary>As <see cref="Analyze"/>, asynchronously for the decoding part.</summary>
    /// <exception cref="MeijuDataException">Unreadable, empty or too long media (the message names the file).</exception>
    public async Task<ClipAnalysis> AnalyzeAsync(string path, string? transcript = null, CancellationToken cancel = default)
    {
        if (IsTextFile(path))
        {
            return AnalyzeText(Path.GetFileNameWithoutExtension(path), transcript ?? ReadText(path), path);
        }

        var clock = Stopwatch.StartNew();
        // In-process when the loader decodes in-process: an ffprobe start costs more than the model's whole run.
        var probe = (_loader.InProcess ? LibavDecoder.TryProbe(path) : null)
                    ?? await MediaProber.ProbeAsync(path, cancellationToken: cancel).ConfigureAwait(false);
        if (double.IsFinite(probe.DurationSeconds) && probe.DurationSeconds > _options.MaxDurationSeconds)
        {
            throw new MeijuDataException(path, $"clip is {probe.DurationSeconds:0.#} s long, over the {_options.MaxDurationSeconds:0.#} s limit (raise it with --max-seconds; cut long videos into utterances first)");
        }

        var media = await _loader.LoadAsync(path, cancel).ConfigureAwait(false);
        var name = Path.GetFileNameWithoutExtension(path);
        var text = !string.IsNullOrWhiteSpace(transcript) ? transcript.Trim()
            : _transcripts.TryGetValue(name, out var t) && !string.IsNullOrWhiteSpace(t) ? t.Trim()
            : media.Texts.TryGetValue(FfmpegMediaLoader.SubtitleText, out var sub) && !string.IsNullOrWhiteSpace(sub) ? sub.Trim()
            : null;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text is not null)
        {
            texts[FfmpegMediaLoader.TranscriptText] = text;
            texts[FfmpegMediaLoader.SubtitleText] = text;
        }

        media = media with { Texts = texts };
        cancel.ThrowIfCancellationRequested();
        return Understand(path, media, text, clock.Elapsed.TotalSeconds, probe.DurationSeconds);
    }

    /// <summary>True for a <c>.txt</c> path: its content is the utterance's text, with no media at all.</summary>
    public static bool IsTextFile(string path) => Path.GetExtension(path).Equals(".txt", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Text-only analysis: the model's text streams read <paramref name="text"/>; visual and audio streams are absent,
    /// as for a clip without them. Needs a model with a text modality.
    /// </summary>
    /// <param name="name">What the result is called (the clip column).</param>
    /// <param name="text">The utterance's words.</param>
    /// <param name="source">The file the text came from, for messages; defaults to <paramref name="name"/>.</param>
    /// <exception cref="MeijuDataException">The text is empty or the model reads no text.</exception>
    public ClipAnalysis AnalyzeText(string name, string text, string? source = null)
    {
        source ??= name;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new MeijuDataException(source, "the text is empty: nothing to predict from");
        }

        if (!Modalities.Contains("T"))
        {
            throw new MeijuDataException(source, $"text-only input, but the model {ModelName} reads no text (modalities {string.Join("", Modalities)}): give it a video or audio file");
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FfmpegMediaLoader.TranscriptText] = text.Trim(),
            [FfmpegMediaLoader.SubtitleText] = text.Trim(),
        };
        var media = new UtteranceMedia(name, source, [], null, [], texts);
        return Understand(name, media, text.Trim(), 0, double.NaN);
    }

    private static string ReadText(string path)
    {
        MediaProber.CheckFile(path);
        return File.ReadAllText(path);
    }

    /// <summary>Features, model and report for decoded <paramref name="media"/>; refuses media that carries no modality the model reads.</summary>
    private ClipAnalysis Understand(string path, UtteranceMedia media, string? text, double decode, double probedSeconds)
    {
        var clock = Stopwatch.StartNew();
        var warnings = new List<string>(media.Warnings.Where(w => w != "no subtitle text"));
        if (text is null && Modalities.Contains("T"))
        {
            warnings.Add(_options.Ocr
                ? "no text: no transcript given and no subtitle read (there is no offline speech recogniser)"
                : "no text: no transcript given (pass --transcript/--transcripts, or --ocr for burned-in subtitles; there is no offline speech recogniser)");
        }

        var inputs = new Dictionary<string, NpyArray?>(StringComparer.Ordinal);
        foreach (var (stream, extractor, _, _) in _streams)
        {
            try
            {
                var features = extractor.Extract(media);
                inputs[stream.Name] = features.Rows == 0 ? null : _settings.Prepare(stream.Name, features);
            }
            catch (FeatureInputMissingException)
            {
                inputs[stream.Name] = null;
            }
        }

        if (inputs.Values.All(v => v is null))
        {
            // A class from an all-absent input is the model's prior, not a prediction: say so instead of printing one.
            throw new MeijuDataException(path, "no prediction: none of the model's inputs is present (" + string.Join("; ", warnings.DefaultIfEmpty("no frames, audio or text the model reads")) + ")");
        }

        var featureSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var (emotion, intent, contributions) = RunModel(inputs);
        var modelSeconds = clock.Elapsed.TotalSeconds;

        return new ClipAnalysis
        {
            Clip = Path.GetFileName(path),
            Emotion = emotion,
            Intent = intent,
            Contributions = contributions,
            Text = text,
            FacePngs = FacePng.Spread(media.Faces, _options.FacePngCount).Select(FacePng.Encode).ToList(),
            Waveform = media.Audio is { } a ? WaveformEnvelope.Of(a.Samples, _options.WaveformBuckets) : [],
            DurationSeconds = double.IsFinite(media.DurationSeconds) ? media.DurationSeconds : probedSeconds,
            StageSeconds = StageTable(decode, featureSeconds, modelSeconds, media.StageSeconds),
            Warnings = warnings,
        };
    }

    /// <summary>
    /// Runs the model on pooled stream inputs (null = absent stream): probabilities with everything present, and
    /// per modality the drop in the top classes' probabilities when that modality is masked as well.
    /// </summary>
    public (IReadOnlyList<ClassProbability> Emotion, IReadOnlyList<ClassProbability> Intent, IReadOnlyList<ModalityContribution> Contributions)
        RunModel(IReadOnlyDictionary<string, NpyArray?> inputs)
    {
        var present = Modalities.Where(m => _streams.Any(s => Is(s.Stream, m) && inputs.GetValueOrDefault(s.Stream.Name) is not null)).ToList();

        // Row 0: every present modality; row 1 + i: present[i] masked too.
        var rows = 1 + present.Count;
        var minFrames = _model.MinFrames;
        using var scope = NewDisposeScope();
        var features = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var lengths = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var presence = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (stream, _, _, width) in _streams)
        {
            var x = inputs.GetValueOrDefault(stream.Name);
            var frames = Math.Max(minFrames, x?.Rows ?? 1);
            var data = new float[frames * width];
            x?.Data.AsSpan(0, x.Rows * width).CopyTo(data);
            features[stream.Name] = tensor(data, [1, frames, width]).expand(rows, frames, width).contiguous().to(_model.Device);
            lengths[stream.Name] = TorchScalars.Filled(rows, Math.Max(1, x?.Rows ?? 1), _model.Device);
            var mask = new bool[rows];
            for (var r = 0; r < rows; r++)
            {
                mask[r] = x is not null && (r == 0 || !Is(stream, present[r - 1]));
            }

            presence[stream.Name] = tensor(mask).to(_model.Device);
        }

        float[] emo, intent;
        using (no_grad())
        {
            var output = _model.Model.Forward(new ModelBatch(features, lengths) { Presence = presence });
            emo = nn.functional.softmax(output.Emotion, 1).cpu().data<float>().ToArray();
            intent = nn.functional.softmax(output.Intent, 1).cpu().data<float>().ToArray();
        }

        var ce = EmotionLabels.Count;
        var ci = IntentLabels.Count;
        var topE = ArgMax(emo, 0, ce);
        var topI = ArgMax(intent, 0, ci);
        var contributions = Modalities.Select(m =>
        {
            var i = present.IndexOf(m);
            return i < 0
                ? new ModalityContribution(m, false, 0, 0)
                : new ModalityContribution(m, true, emo[topE] - emo[((i + 1) * ce) + topE], intent[topI] - intent[((i + 1) * ci) + topI]);
        }).ToList();

        return (Ranked(emo, ce, EmotionLabels), Ranked(intent, ci, IntentLabels), contributions);
    }

    /// <summary>The three stages, then the loader's own split of decode as <c>decode.&lt;part&gt;</c> (probe, frames, audio, faces, ...).</summary>
    private static Dictionary<string, double> StageTable(double decode, double features, double model, IReadOnlyDictionary<string, double> loader)
    {
        var stages = new Dictionary<string, double> { ["decode"] = decode, ["features"] = features, ["model"] = model };
        foreach (var (part, seconds) in loader)
        {
            stages["decode." + part] = seconds;
        }

        return stages;
    }

    private static bool Is(StreamConfig stream, string modality) => string.Equals(stream.Modality, modality, StringComparison.OrdinalIgnoreCase);

    private static int ArgMax(float[] p, int offset, int count)
    {
        var best = 0;
        for (var c = 1; c < count; c++)
        {
            if (p[offset + c] > p[offset + best])
            {
                best = c;
            }
        }

        return best;
    }

    private static IReadOnlyList<ClassProbability> Ranked(float[] p, int count, IReadOnlyList<string> labels) =>
        Enumerable.Range(0, count).Select(c => new ClassProbability(labels[c], p[c])).OrderByDescending(x => x.Probability).ToList();

    private static IReadOnlyList<string> Labels(List<string>? declared, int classes, LabelSet meiju, string dir, string task)
    {
        if (declared is not null)
        {
            return declared.Count == classes
                ? declared
                : throw new MeijuDataException(Path.Combine(dir, InferenceSettings.FileName), $"{declared.Count} {task} labels for a model with {classes} classes");
        }

        return classes == meiju.Count ? meiju.Classes : Enumerable.Range(0, classes).Select(c => $"{task}{c}").ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _loader.Dispose();
        _model.Dispose();
    }
}
