using Meiju.Media.Audio;
using Meiju.Media.Decoding;
using Meiju.Media.Faces;
using Meiju.Media.Subtitles;

namespace Meiju.Media;

/// <summary>
/// Loads one utterance's media with ffmpeg: probe, sampled RGB frames, 16 kHz mono audio with preprocessing,
/// face crops and subtitle text, as configured. A file with both streams is decoded inside this process by
/// FFmpeg's libraries (<see cref="LibavDecoder"/>) or, where those do not apply, by one ffmpeg process
/// (<see cref="SinglePassDecoder"/>); anything else, or anything that process does not handle, takes the general
/// path of ffprobe and one ffmpeg per stream. Safe to call from several threads at once; the VAD session and
/// face cascades load once per loader.
/// </summary>
public sealed class FfmpegMediaLoader : IMediaLoader, IDisposable
{
    /// <summary>Key of the OCR'd subtitle line in <see cref="UtteranceMedia.Texts"/>.</summary>
    public const string SubtitleText = "subtitle";

    /// <summary>Key of the dataset transcript in <see cref="UtteranceMedia.Texts"/>.</summary>
    public const string TranscriptText = "transcript";

    private readonly MediaLoaderOptions _options;
    private readonly AudioPreprocessor? _audio;
    private readonly Lazy<HaarFaceDetector>? _faces;
    private readonly SubtitleReader? _subtitles;

    /// <summary>Creates the loader; models and cascades load on first use.</summary>
    public FfmpegMediaLoader(MediaLoaderOptions? options = null)
    {
        _options = options ?? new MediaLoaderOptions();
        _options.Frames?.Validate();
        _audio = _options.Audio is { } a ? new AudioPreprocessor(a) : null;
        _faces = _options.Faces is { } f && _options.Frames is not null ? new Lazy<HaarFaceDetector>(() => new HaarFaceDetector(f)) : null;
        _subtitles = _options.Subtitles is { } s && _options.Frames is not null ? new SubtitleReader(s) : null;
        if (InProcess && _options.Frames is not null && _audio is not null)
        {
            // Loading FFmpeg's ~200 libraries takes ≈ 0.4 s once per process; paid here, with the models, rather
            // than inside the first item (a short batch's timings would otherwise mostly measure it).
            _ = LibavDecoder.IsAvailable;
        }
    }

    /// <summary>The options in force.</summary>
    public MediaLoaderOptions Options => _options;

    /// <summary>Whether files with both streams are decoded in-process (<see cref="MediaLoaderOptions.InProcess"/> with the default tools).</summary>
    public bool InProcess => _options.InProcess && _options.SinglePass && _options.Tools == FfmpegTools.Default;

    /// <inheritdoc />
    public async Task<UtteranceMedia> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var stages = new Dictionary<string, double>(StringComparer.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        void Lap(string stage)
        {
            stages[stage] = watch.Elapsed.TotalSeconds;
            watch.Restart();
        }

        SinglePassResult? single = null;
        if (_options.SinglePass && _options.Frames is { } both && _audio is not null)
        {
            single = InProcess
                ? LibavDecoder.TryDecode(path, both, _audio.Options.SampleRate, _audio.Options.MaxSeconds, cancellationToken)
                : null;
            single ??= await SinglePassDecoder.TryDecodeAsync(path, both, _audio.Options.SampleRate, _audio.Options.MaxSeconds, _options.Tools, cancellationToken)
                .ConfigureAwait(false);
            Lap("decode");
        }

        var probe = single?.Probe ?? await MediaProber.ProbeAsync(path, _options.Tools, cancellationToken).ConfigureAwait(false);
        if (single is null)
        {
            Lap("probe");
        }
        var warnings = new List<string>();
        var name = Path.GetFileNameWithoutExtension(path);

        IReadOnlyList<VideoFrame> frames = [];
        if (_options.Frames is { } sampling)
        {
            if (probe.Video is null)
            {
                warnings.Add("no video stream");
            }
            else
            {
                frames = single?.Frames ?? await VideoDecoder.ReadAllFramesAsync(probe, sampling, _options.Tools, cancellationToken).ConfigureAwait(false);
                if (frames.Count == 0)
                {
                    throw new MeijuDataException(path, "video stream decoded to no frames (corrupt or truncated)");
                }

                if (frames.Count >= sampling.MaxFrames && ExpectedFrames(probe, sampling) > sampling.MaxFrames)
                {
                    warnings.Add($"frames capped at {sampling.MaxFrames}");
                }
            }

            if (single is null)
            {
                Lap("frames");
            }
        }

        AudioSignal? audio = null;
        IReadOnlyList<SpeechSegment>? speech = null;
        if (_audio is not null)
        {
            var decoded = single?.Audio ?? await AudioDecoder.ReadAsync(probe, _audio.Options.SampleRate, _audio.Options.MaxSeconds, _options.Tools, cancellationToken)
                .ConfigureAwait(false);
            if (single is null)
            {
                Lap("audio");
            }

            if (decoded is not null && probe.DurationSeconds > _audio.Options.MaxSeconds)
            {
                warnings.Add($"audio capped at {_audio.Options.MaxSeconds:0.#} s");
            }

            if (decoded is null)
            {
                warnings.Add("no audio stream");
            }
            else
            {
                var processed = _audio.Process(decoded);
                audio = processed.Signal;
                speech = processed.Speech;
                if (processed.NoSpeech)
                {
                    warnings.Add("no speech detected");
                }

                Lap("preprocess");
            }
        }

        IReadOnlyList<FaceCrop> faces = [];
        if (_faces is not null && frames.Count > 0)
        {
            faces = _faces.Value.Crop(frames, cancellationToken);
            if (faces.Count == 0)
            {
                warnings.Add("no face found");
            }

            Lap("faces");
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_subtitles is not null && frames.Count > 0)
        {
            var line = await _subtitles.ReadAsync(frames, cancellationToken).ConfigureAwait(false);
            if (line.Length > 0)
            {
                texts[SubtitleText] = line;
            }
            else
            {
                warnings.Add("no subtitle text");
            }

            Lap("ocr");
        }

        if (_options.Transcripts?.Invoke(name) is { Length: > 0 } transcript)
        {
            texts[TranscriptText] = transcript;
        }

        return new UtteranceMedia(name, path, frames, audio, faces, texts) { Speech = speech, Warnings = warnings, StageSeconds = stages, DurationSeconds = probe.DurationSeconds };
    }

    private static double ExpectedFrames(MediaProbe probe, FrameSampling sampling)
    {
        var duration = double.IsFinite(probe.DurationSeconds) ? probe.DurationSeconds : double.PositiveInfinity;
        return sampling.FramesPerSecond is { } fps
            ? duration * fps
            : duration * (probe.Video?.FramesPerSecond ?? 25) / sampling.EveryNth;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_faces is { IsValueCreated: true })
        {
            _faces.Value.Dispose();
        }
    }
}
