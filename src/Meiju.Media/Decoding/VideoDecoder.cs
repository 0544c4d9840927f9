using System.Globalization;
using System.Runtime.CompilerServices;

namespace Meiju.Media.Decoding;

/// <summary>
/// Streams sampled frames of a video as RGB24 through ffmpeg's stdout: one frame in memory at a time, so callers
/// that process and drop frames can read a video of any length; <see cref="FrameSampling.MaxFrames"/> caps the rest.
/// </summary>
public static class VideoDecoder
{
    /// <summary>
    /// Yields the frames of <paramref name="probe"/>'s video stream chosen by <paramref name="sampling"/>.
    /// Yields nothing when the file has no video stream. Throws <see cref="MeijuDataException"/> when ffmpeg fails
    /// before producing any frame.
    /// </summary>
    public static async IAsyncEnumerable<VideoFrame> ReadFramesAsync(
        MediaProbe probe,
        FrameSampling sampling,
        FfmpegTools? tools = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        sampling.Validate();
        var video = probe.Video;
        if (video is null)
        {
            yield break;
        }

        tools ??= FfmpegTools.Default;
        var (w, h) = sampling.OutputSize(video.Width, video.Height);
        if (w == 0)
        {
            throw new MeijuDataException(probe.Path, "video stream has no frame size");
        }

        var streamFps = video.FramesPerSecond > 0 ? video.FramesPerSecond : 25.0;
        var select = sampling.FramesPerSecond is { } fps
            ? "fps=" + fps.ToString("R", CultureInfo.InvariantCulture)
            : $"select=not(mod(n\\,{sampling.EveryNth}))";
        string[] args =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error",
            "-i", FfmpegTools.InputUrl(probe.Path),
            "-map", "0:" + video.Index.ToString(CultureInfo.InvariantCulture),
            "-an", "-sn", "-dn",
            "-vf", $"{select},scale={w}:{h}:flags=area",
            "-fps_mode", "vfr",
            "-frames:v", sampling.MaxFrames.ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1",
        ];

        using var tool = FfmpegTools.Start(tools.Ffmpeg, args);
        var frameBytes = w * h * 3;
        var k = 0;
        while (true)
        {
            var buffer = new byte[frameBytes];
            var read = await ReadFullyAsync(tool.Stdout, buffer, cancellationToken).ConfigureAwait(false);
            if (read < frameBytes)
            {
                break;
            }

            var (index, time) = sampling.Position(k, streamFps);

            yield return new VideoFrame(w, h, buffer, index, time);
            k++;
        }

        var code = await tool.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (code != 0 && k == 0)
        {
            throw new MeijuDataException(probe.Path, "ffmpeg could not decode the video: " + MediaProber.Explain(tool.StderrTail));
        }
    }

    /// <summary>Reads the sampled frames into a list (bounded by <see cref="FrameSampling.MaxFrames"/>).</summary>
    public static async Task<IReadOnlyList<VideoFrame>> ReadAllFramesAsync(
        MediaProbe probe, FrameSampling sampling, FfmpegTools? tools = null, CancellationToken cancellationToken = default)
    {
        var list = new List<VideoFrame>();
        await foreach (var frame in ReadFramesAsync(probe, sampling, tools, cancellationToken).ConfigureAwait(false))
        {
            list.Add(frame);
        }

        return list;
    }

    internal static async Task<int> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
