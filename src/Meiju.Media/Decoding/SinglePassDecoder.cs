using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Meiju.Media.Decoding;

/// <summary>What one ffmpeg run decoded: the media info it printed, the sampled frames and the audio.</summary>
/// <param name="Probe">Container, duration and the two streams used, read from ffmpeg's own input dump.</param>
/// <param name="Frames">Sampled RGB24 frames, exactly as <see cref="VideoDecoder"/> gives them.</param>
/// <param name="Audio">Mono float audio, exactly as <see cref="AudioDecoder"/> gives it.</param>
public sealed record SinglePassResult(MediaProbe Probe, IReadOnlyList<VideoFrame> Frames, AudioSignal Audio);

/// <summary>
/// Decodes sampled frames and resampled audio of a file with both streams in ONE ffmpeg process, with no ffprobe.
/// Starting Debian's ffmpeg costs about 0.2 CPU-seconds (it links some 200 shared libraries), more than decoding a
/// short clip, so the probe + frames + audio processes of the general path tripled the cost of every item. The
/// filters are the same as <see cref="VideoDecoder"/>'s and <see cref="AudioDecoder"/>'s, so the bytes are too;
/// the media info comes from the input dump ffmpeg prints anyway. Anything unusual (a missing stream, a decoding
/// error, an input dump that does not parse) returns null, and the caller takes the general path, which probes
/// first and explains failures well.
/// </summary>
public static partial class SinglePassDecoder
{
    // Enough for the input and output dumps with long metadata; the pump keeps the end, so a file whose stderr
    // overflows this loses its input dump, fails to parse and takes the general path.
    private const int StderrChars = 64 * 1024;

    /// <summary>
    /// Decodes <paramref name="path"/>'s first real video stream (as <paramref name="sampling"/> says) and first
    /// audio stream (mono, <paramref name="sampleRate"/> Hz, at most <paramref name="maxSeconds"/> s) in one ffmpeg
    /// run, or returns null when this fast path does not apply.
    /// </summary>
    public static async Task<SinglePassResult?> TryDecodeAsync(
        string path,
        FrameSampling sampling,
        int sampleRate = 16000,
        double maxSeconds = 600,
        FfmpegTools? tools = null,
        CancellationToken cancellationToken = default)
    {
        sampling.Validate();
        if (sampleRate < 1000 || !(maxSeconds > 0) || !File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return null;
        }

        tools ??= FfmpegTools.Default;
        var temp = Directory.CreateTempSubdirectory("meiju-decode-");
        try
        {
            var videoFile = Path.Combine(temp.FullName, "video.rgb");
            var audioFile = Path.Combine(temp.FullName, "audio.f32");
            var select = sampling.FramesPerSecond is { } fps
                ? "fps=" + fps.ToString("R", CultureInfo.InvariantCulture)
                : $"select=not(mod(n\\,{sampling.EveryNth}))";
            // FrameSampling.OutputSize as an ffmpeg expression (the input size is not known before the run).
            var max = sampling.MaxSide.ToString(CultureInfo.InvariantCulture);
            var scale = $"min(1\\,{max}/max(iw\\,ih))";
            var size = $"w='{EvenSide("iw", scale)}':h='{EvenSide("ih", scale)}'";
            string[] args =
            [
                "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info",
                "-i", FfmpegTools.InputUrl(path),
                "-map", "0:V:0", "-an", "-sn", "-dn",
                "-vf", $"{select},scale={size}:flags=area",
                "-fps_mode", "vfr",
                "-frames:v", sampling.MaxFrames.ToString(CultureInfo.InvariantCulture),
                "-pix_fmt", "rgb24", "-f", "rawvideo", "-y", FfmpegTools.InputUrl(videoFile),
                "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-t", maxSeconds.ToString("R", CultureInfo.InvariantCulture),
                "-af", "aresample=resampler=soxr",
                "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture),
                "-f", "f32le", "-y", FfmpegTools.InputUrl(audioFile),
            ];
            using var tool = FfmpegTools.Start(tools.Ffmpeg, args, stderrTail: StderrChars);
            // Nothing goes to stdout; drain it so the process can never block on a full pipe.
            await tool.Stdout.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            var code = await tool.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (code != 0 || !File.Exists(videoFile) || !File.Exists(audioFile)
                || Parse(path, tool.StderrTail) is not { } info || info.Width <= 0 || info.Height <= 0)
            {
                return null;
            }

            var frames = ReadFrames(videoFile, info, sampling);
            if (frames.Count == 0)
            {
                return null;
            }

            return new SinglePassResult(info.Probe, frames, ReadAudio(audioFile, sampleRate));
        }
        finally
        {
            try
            {
                temp.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the item's result is not.
            }
        }
    }

    /// <summary>
    /// ffmpeg expression for <c>max(2, Math.Round(side * scale / 2) * 2)</c>: .NET rounds halves to even and
    /// ffmpeg's round() away from zero, so halves are handled explicitly (1280×720 to 400 px: 224 rows, not 226).
    /// </summary>
    private static string EvenSide(string side, string scale)
    {
        var half = $"({side}*{scale}/2)";
        return $"max(2\\,if(eq({half}-floor({half})\\,0.5)\\,floor({half})+mod(floor({half})\\,2)\\,round({half}))*2)";
    }

    /// <summary>The input dump's media info and the video output's frame size.</summary>
    internal sealed record DumpInfo(MediaProbe Probe, int Width, int Height);

    /// <summary>
    /// Reads ffmpeg's "Input #0" dump (container, duration, streams) and the size of the rawvideo output (output
    /// #0). Null when the dump lacks a piece this decoder needs.
    /// </summary>
    internal static DumpInfo? Parse(string path, string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.TrimEntries);
        var section = "";
        var formatName = "";
        var duration = double.NaN;
        var streams = new List<MediaStreamInfo>();
        int width = 0, height = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (InputHeader().Match(line) is { Success: true } input)
            {
                section = "in";
                formatName = input.Groups[1].Value;
                continue;
            }

            if (line.StartsWith("Output #0,", StringComparison.Ordinal))
            {
                section = "out0";
                continue;
            }

            if (line.StartsWith("Output #", StringComparison.Ordinal) || line.StartsWith("Stream mapping:", StringComparison.Ordinal))
            {
                section = "";
                continue;
            }

            if (section == "in" && line.StartsWith("Duration:", StringComparison.Ordinal))
            {
                duration = ParseDuration(line);
            }
            else if (section == "in" && StreamLine().Match(line) is { Success: true } s)
            {
                var kind = s.Groups[2].Value.ToLowerInvariant();
                var codec = s.Groups[3].Value;
                var (w, h) = Size(line);
                if (kind == "video" && i + 1 < lines.Length && Rotation(lines, i + 1) is var rot && Math.Abs(rot) % 180 == 90)
                {
                    (w, h) = (h, w);
                }

                streams.Add(new MediaStreamInfo(
                    int.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture), kind, codec,
                    kind == "video" ? w : 0, kind == "video" ? h : 0,
                    kind == "video" ? Rate(line) : 0,
                    kind == "audio" ? SampleRate(line) : 0,
                    kind == "audio" ? Channels(line) : 0,
                    double.NaN,
                    line.Contains("(attached pic)", StringComparison.Ordinal)));
            }
            else if (section == "out0" && line.StartsWith("Stream #0:0", StringComparison.Ordinal) && line.Contains(": Video:", StringComparison.Ordinal))
            {
                (width, height) = Size(line);
            }
        }

        var probe = new MediaProbe(path, formatName, duration, streams);
        return formatName.Length == 0 || probe.Video is null || probe.Audio is null ? null : new DumpInfo(probe, width, height);
    }

    private static List<VideoFrame> ReadFrames(string file, DumpInfo info, FrameSampling sampling)
    {
        var frameBytes = info.Width * info.Height * 3;
        var streamFps = info.Probe.Video!.FramesPerSecond > 0 ? info.Probe.Video.FramesPerSecond : 25.0;
        var frames = new List<VideoFrame>();
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        for (var k = 0; k < sampling.MaxFrames; k++)
        {
            var buffer = new byte[frameBytes];
            if (stream.ReadAtLeast(buffer, frameBytes, throwOnEndOfStream: false) < frameBytes)
            {
                break;
            }

            var (index, time) = sampling.Position(k, streamFps);

            frames.Add(new VideoFrame(info.Width, info.Height, buffer, index, time));
        }

        return frames;
    }

    private static AudioSignal ReadAudio(string file, int sampleRate)
    {
        var raw = File.ReadAllBytes(file);
        var samples = new float[raw.Length / 4];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4, 4));
            samples[i] = float.IsFinite(v) ? Math.Clamp(v, -1f, 1f) : 0f;
        }

        return new AudioSignal(samples, sampleRate);
    }

    private static double ParseDuration(string line)
    {
        var m = DurationField().Match(line);
        if (!m.Success)
        {
            return double.NaN;
        }

        var h = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var min = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var sec = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        return h * 3600 + min * 60 + sec;
    }

    private static (int Width, int Height) Size(string line)
    {
        var m = SizeField().Match(line);
        return m.Success
            ? (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
            : (0, 0);
    }

    private static double Rate(string line)
    {
        foreach (var unit in (string[])["fps", "tbr"])
        {
            var m = Regex.Match(line, @", (\d+(?:\.\d+)?)(k?) " + unit + @"(?:,|$)", RegexOptions.CultureInvariant);
            if (m.Success)
            {
                var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                return m.Groups[2].Value == "k" ? v * 1000 : v;
            }
        }

        return 0;
    }

    private static int SampleRate(string line)
    {
        var m = SampleRateField().Match(line);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static int Channels(string line) =>
        line.Contains(", mono", StringComparison.Ordinal) ? 1
        : line.Contains(", stereo", StringComparison.Ordinal) ? 2
        : ChannelsField().Match(line) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
        : 0;

    // Side data of a stream follows its line, indented; "displaymatrix: rotation of -90.00 degrees".
    private static double Rotation(string[] lines, int from)
    {
        for (var j = from; j < lines.Length && !lines[j].StartsWith("Stream #", StringComparison.Ordinal)
                                             && !lines[j].StartsWith("Output #", StringComparison.Ordinal); j++)
        {
            var m = RotationField().Match(lines[j]);
            if (m.Success)
            {
                return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [GeneratedRegex(@"^Input #0, (.+?), from '", RegexOptions.CultureInvariant)]
    private static partial Regex InputHeader();

    [GeneratedRegex(@"^Stream #0:(\d+)[^:]*: (Video|Audio|Subtitle|Data|Attachment): ([^\s,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex StreamLine();

    [GeneratedRegex(@"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationField();

    [GeneratedRegex(@", (\d+)x(\d+)(?=[, \[]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SizeField();

    [GeneratedRegex(@", (\d+) Hz", RegexOptions.CultureInvariant)]
    private static partial Regex SampleRateField();

    [GeneratedRegex(@", (\d+) channels", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelsField();

    [GeneratedRegex(@"rotation of (-?\d+(?:\.\d+)?) degrees", RegexOptions.CultureInvariant)]
    private static partial Regex RotationField();
}
