using Meiju.Media.Audio;
using Meiju.Media.Decoding;
using Meiju.Media.Faces;
using Meiju.Media.Subtitles;

namespace Meiju.Media;

/// <summary>What <see cref="FfmpegMediaLoader"/> decodes and computes; each part can be switched off.</summary>
public sealed record MediaLoaderOptions
{
    /// <summary>Which frames to decode (default: every 10th, at most 300, longer side ≤ 640). Null: no frames.</summary>
    public FrameSampling? Frames { get; init; } = FrameSampling.Baseline;

    /// <summary>Audio decoding and preprocessing. Null: no audio.</summary>
    public AudioPreprocessingOptions? Audio { get; init; } = new();

    /// <summary>Face detection and crops (needs frames). Null: off.</summary>
    public FaceOptions? Faces { get; init; } = new();

    /// <summary>Burned-in subtitle OCR (needs frames). Null (the default): off, as OCR is the slowest step.</summary>
    public SubtitleOptions? Subtitles { get; init; }

    /// <summary>
    /// Transcript source: given the utterance name, returns its text (e.g. from the dataset's transcription CSV)
    /// or null. When it returns text, <c>Texts["transcript"]</c> holds it.
    /// </summary>
    public Func<string, string?>? Transcripts { get; init; }

    /// <summary>
    /// Decode frames and audio of a file holding both in one ffmpeg process, without ffprobe (default on; the same
    /// bytes at a third of the process starts). Off: always probe, then one ffmpeg per stream.
    /// </summary>
    public bool SinglePass { get; init; } = true;

    /// <summary>
    /// With <see cref="SinglePass"/>, decode inside this process through FFmpeg's libraries
    /// (<see cref="LibavDecoder"/>: the same filters and bytes, without starting a program per item) when they
    /// are FFmpeg 5.1's, as on Debian 12; the ffmpeg program otherwise. Default on unless the environment sets
    /// <c>MEIJU_LIBAV=0</c>, or <c>MEIJU_FFMPEG</c> names another ffmpeg; off too when <see cref="Tools"/> is not
    /// the default (that choice then applies to every item). The price: a crash inside FFmpeg on a malformed file
    /// would end this process, where a crashing ffmpeg program only fails its item — turn it off for untrusted
    /// input at scale.
    /// </summary>
    public bool InProcess { get; init; } = Environment.GetEnvironmentVariable("MEIJU_LIBAV") != "0"
                                           && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MEIJU_FFMPEG"));

    /// <summary>The ffmpeg and ffprobe executables.</summary>
    public FfmpegTools Tools { get; init; } = FfmpegTools.Default;
}
