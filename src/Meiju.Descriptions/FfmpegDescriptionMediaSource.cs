using System.Globalization;
using System.Text.Json;
using Meiju.Media;

namespace Meiju.Descriptions;

/// <summary>
/// Stand-in decoder: ffprobe for the streams, ffmpeg for a few evenly spaced RGB frames and 16 kHz mono audio.
/// Replace with <see cref="MediaLoaderDescriptionSource"/> over the project's decoder when that is available.
/// </summary>
public sealed class FfmpegDescriptionMediaSource : IDescriptionMediaSource
{
    /// <summary>Frames sent per utterance (Qwen2-VL under vLLM needs <c>--limit-mm-per-prompt</c> at least this).</summary>
    public int FrameCount { get; init; } = 4;

    /// <summary>Frames are scaled so that their longer side is at most this (pixels; smaller frames are kept).</summary>
    public int MaxSide { get; init; } = 448;

    /// <summary>Audio sample rate (Qwen2-Audio expects 16 kHz).</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>Audio beyond this many seconds is cut (Qwen2-Audio reads 30 s at most).</summary>
    public double MaxAudioSeconds { get; init; } = 30;

    /// <summary>The ffmpeg executable.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>The ffprobe executable.</summary>
    public string FfprobePath { get; init; } = "ffprobe";

    /// <summary>Limit for one ffmpeg call.</summary>
    public TimeSpan ProcessTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    public string Fingerprint => string.Create(CultureInfo.InvariantCulture,
        $"ffmpeg-v1;frames={FrameCount};max_side={MaxSide};rate={SampleRate};max_audio_s={MaxAudioSeconds}");

    /// <inheritdoc />
    public async Task<DescriptionMedia> LoadAsync(string path, DescriptionMediaParts parts = DescriptionMediaParts.All, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "media file not found");
        }

        var probe = await ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        if (!probe.HasAudio && probe.Width == 0)
        {
            throw new MeijuDataException(path, "no audio or video stream");
        }

        var frames = probe.Width > 0 && parts.HasFlag(DescriptionMediaParts.Frames)
            ? await FramesAsync(path, probe, cancellationToken).ConfigureAwait(false)
            : [];
        var audio = probe.HasAudio && parts.HasFlag(DescriptionMediaParts.Audio)
            ? await AudioAsync(path, cancellationToken).ConfigureAwait(false)
            : null;
        return new DescriptionMedia(frames, audio);
    }

    private sealed record Probe(int Width, int Height, bool HasAudio, double Duration);

    private async Task<Probe> ProbeAsync(string path, CancellationToken ct)
    {
        var r = await FfmpegProcess.RunAsync(FfprobePath,
            ["-v", "error", "-show_entries", "stream=codec_type,width,height:format=duration", "-of", "json", path],
            ProcessTimeout, ct).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            throw new MeijuDataException(path, "ffprobe cannot read it: " + FfmpegProcess.LastLine(r.Stderr));
        }

        try
        {
            using var doc = JsonDocument.Parse(r.Stdout);
            int width = 0, height = 0;
            var hasAudio = false;
            if (doc.RootElement.TryGetProperty("streams", out var streams))
            {
                foreach (var s in streams.EnumerateArray())
                {
                    var type = s.TryGetProperty("codec_type", out var t) ? t.GetString() : null;
                    if (type == "video" && width == 0 && s.TryGetProperty("width", out var w) && s.TryGetProperty("height", out var h))
                    {
                        width = w.GetInt32();
                        height = h.GetInt32();
                    }
                    else if (type == "audio")
                    {
                        hasAudio = true;
                    }
                }
            }

            var duration = doc.RootElement.TryGetProperty("format", out var f) && f.TryGetProperty("duration", out var d)
                && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var dv) ? dv : 0;
            return new Probe(width, height, hasAudio, duration);
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(path, "ffprobe printed something that is not JSON", inner: ex);
        }
    }

    private async Task<IReadOnlyList<VideoFrame>> FramesAsync(string path, Probe probe, CancellationToken ct)
    {
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(probe.Width, probe.Height));
        var w = Math.Max(2, (int)Math.Round(probe.Width * scale / 2) * 2);
        var h = Math.Max(2, (int)Math.Round(probe.Height * scale / 2) * 2);
        // One output frame per duration/N seconds gives N frames spread over the clip; unknown duration: 1 fps.
        var step = probe.Duration > 0 ? probe.Duration / FrameCount : 1.0;
        var fps = (1.0 / step).ToString("R", CultureInfo.InvariantCulture);
        var r = await FfmpegProcess.RunAsync(FfmpegPath,
            ["-v", "error", "-nostdin", "-i", path, "-map", "0:v:0", "-vf", $"fps={fps},scale={w}:{h}",
             "-frames:v", FrameCount.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
            ProcessTimeout, ct).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            throw new MeijuDataException(path, "ffmpeg cannot decode its video: " + FfmpegProcess.LastLine(r.Stderr));
        }

        var size = w * h * 3;
        var frames = new List<VideoFrame>();
        for (var i = 0; (i + 1) * size <= r.Stdout.Length; i++)
        {
            frames.Add(new VideoFrame(w, h, r.Stdout.AsSpan(i * size, size).ToArray(), i, i * step));
        }

        return frames;
    }

    private async Task<AudioSignal> AudioAsync(string path, CancellationToken ct)
    {
        var r = await FfmpegProcess.RunAsync(FfmpegPath,
            ["-v", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-t", MaxAudioSeconds.ToString("R", CultureInfo.InvariantCulture),
             "-ac", "1", "-ar", SampleRate.ToString(CultureInfo.InvariantCulture), "-f", "f32le", "pipe:1"],
            ProcessTimeout, ct).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            throw new MeijuDataException(path, "ffmpeg cannot decode its audio: " + FfmpegProcess.LastLine(r.Stderr));
        }

        var samples = new float[r.Stdout.Length / sizeof(float)];
        Buffer.BlockCopy(r.Stdout, 0, samples, 0, samples.Length * sizeof(float));
        return new AudioSignal(samples, SampleRate);
    }
}
