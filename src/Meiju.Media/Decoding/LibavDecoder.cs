using System.Globalization;
using System.Runtime.InteropServices;

namespace Meiju.Media.Decoding;

/// <summary>
/// Decodes sampled frames and resampled audio of a file with both streams inside this process, through FFmpeg's
/// own libraries (the ones the <c>ffmpeg</c> program links), with the same filters as
/// <see cref="SinglePassDecoder"/> and so the same bytes. Starting the ffmpeg program costs about 0.2 CPU-s and
/// 0.3–0.5 s of wall time per item (the dynamic loader relocating some 200 libraries), several times the cost of
/// decoding a short clip; loading the libraries once per process removes that. The media info comes from libav's
/// own input dump (<c>av_dump_format</c>, what the program prints), parsed by <see cref="SinglePassDecoder.Parse"/>.
/// Returns null whenever this path does not apply — libraries of another FFmpeg major version, a missing stream,
/// a rotated video, an open or decoding error — and the caller falls back to the program.
/// </summary>
public static partial class LibavDecoder
{
    // A graph that answers "try again" this many times in a row without producing anything is stuck.
    private const int MaxIdleRounds = 1000;

    /// <summary>True when FFmpeg 5.1's libraries can be loaded in this process.</summary>
    public static bool IsAvailable => LibavNative.Available;

    /// <summary>
    /// Decodes <paramref name="path"/>'s first real video stream (as <paramref name="sampling"/> says) and first
    /// audio stream (mono, <paramref name="sampleRate"/> Hz, at most <paramref name="maxSeconds"/> s), or returns
    /// null when this path does not apply.
    /// </summary>
    public static SinglePassResult? TryDecode(
        string path,
        FrameSampling sampling,
        int sampleRate = 16000,
        double maxSeconds = 600,
        CancellationToken cancellationToken = default)
    {
        sampling.Validate();
        if (sampleRate < 1000 || !(maxSeconds > 0) || !IsAvailable || !File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return null;
        }

        var url = FfmpegTools.InputUrl(path);
        if (Probe(path, url, out var startSeconds) is not { } probe
            || (sampling.FramesPerSecond is not null && startSeconds != 0))
        {
            // The program shifts timestamps so the file starts at 0 before its fps filter; the movie source keeps
            // them as they are, which moves every sampled frame. Every-Nth sampling counts frames and is unaffected.
            return null;
        }

        var (width, height) = sampling.OutputSize(probe.Video!.Width, probe.Video.Height);
        var graph = IntPtr.Zero;
        var frame = IntPtr.Zero;
        try
        {
            graph = LibavNative.avfilter_graph_alloc();
            frame = LibavNative.av_frame_alloc();
            if (graph == IntPtr.Zero || frame == IntPtr.Zero
                || BuildGraph(graph, url, probe, sampling, width, height, sampleRate, maxSeconds) is not var (videoSink, audioSink))
            {
                return null;
            }

            return Pull(graph, frame, videoSink, audioSink, probe, sampling, width, height, sampleRate, maxSeconds, cancellationToken);
        }
        finally
        {
            if (frame != IntPtr.Zero)
            {
                LibavNative.av_frame_free(ref frame);
            }

            if (graph != IntPtr.Zero)
            {
                LibavNative.avfilter_graph_free(ref graph);
            }
        }
    }

    /// <summary>
    /// The media info of a file with both a video and an audio stream, read in-process (no ffprobe start), or
    /// null when this path does not apply (then <see cref="MediaProber"/> explains the file).
    /// </summary>
    public static MediaProbe? TryProbe(string path) =>
        IsAvailable && File.Exists(path) && new FileInfo(path).Length > 0 ? Probe(path, FfmpegTools.InputUrl(path), out _) : null;

    /// <summary>Opens the file, reads its stream info and parses libav's input dump of it.</summary>
    private static MediaProbe? Probe(string path, string url, out double startSeconds)
    {
        startSeconds = double.NaN;
        var context = IntPtr.Zero;
        var opened = false;
        try
        {
            var dump = LibavNative.Capture(() =>
            {
                opened = LibavNative.avformat_open_input(ref context, url, IntPtr.Zero, IntPtr.Zero) >= 0;
                if (opened && LibavNative.avformat_find_stream_info(context, IntPtr.Zero) >= 0)
                {
                    LibavNative.av_dump_format(context, 0, url, 0);
                }
            });
            var info = SinglePassDecoder.Parse(path, dump);
            var start = StartField().Match(dump);
            startSeconds = start.Success ? double.Parse(start.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            // The program turns rotated video upright with an inserted filter; this path leaves that case to it.
            return info is { Probe: { Video: { Width: > 0, Height: > 0 } video } probe } && !dump.Contains("rotation of", StringComparison.Ordinal)
                ? probe
                : null;
        }
        finally
        {
            if (opened)
            {
                LibavNative.avformat_close_input(ref context);
            }
        }
    }

    /// <summary>
    /// movie (both streams, one decoder thread each) → select/fps → scale (area) → rgb24 → sink, and
    /// → soxr resampling → mono float at the rate → trim at the cap → sink: the filters the program runs for <see cref="SinglePassDecoder"/>.
    /// </summary>
    private static (IntPtr Video, IntPtr Audio)? BuildGraph(IntPtr graph, string url, MediaProbe probe, FrameSampling sampling, int width, int height, int sampleRate, double maxSeconds)
    {
        // Items already run in parallel (extract --jobs); more threads per item would only contend.
        if (LibavNative.av_opt_set_int(graph, "threads", 1, 0) < 0)
        {
            return null;
        }

        var movie = Alloc(graph, "movie", "source");
        if (movie == IntPtr.Zero
            || LibavNative.av_opt_set(movie, "filename", url, LibavNative.OptSearchChildren) < 0
            || LibavNative.av_opt_set(movie, "streams", $"{probe.Video!.Index}+{probe.Audio!.Index}", LibavNative.OptSearchChildren) < 0
            || LibavNative.av_opt_set_int(movie, "dec_threads", 1, LibavNative.OptSearchChildren) < 0
            || LibavNative.avfilter_init_str(movie, null) < 0)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        var select = sampling.FramesPerSecond is { } fps
            ? Create(graph, "fps", "sample", "fps=" + fps.ToString("R", inv))
            : Create(graph, "select", "sample", $"expr=not(mod(n\\,{sampling.EveryNth.ToString(inv)}))");
        var scale = Create(graph, "scale", "scale", $"w={width.ToString(inv)}:h={height.ToString(inv)}:flags=area");
        var pixels = Create(graph, "format", "rgb24", "pix_fmts=rgb24");
        var videoSink = Create(graph, "buffersink", "video", null);
        var resample = Create(graph, "aresample", "resample", "resampler=soxr");
        var format = Create(graph, "aformat", "mono", $"sample_fmts=flt:sample_rates={sampleRate.ToString(inv)}:channel_layouts=mono");
        // The program's -t is a trim filter at the end of the chain, on timestamps: it keeps a few samples fewer
        // than a plain count would after a resampler's delay.
        var trim = Create(graph, "atrim", "cap", "duration=" + maxSeconds.ToString("R", inv));
        var audioSink = Create(graph, "abuffersink", "audio", null);
        IntPtr[] chain = [select, scale, pixels, videoSink, resample, format, trim, audioSink];
        if (chain.Contains(IntPtr.Zero)
            || LibavNative.avfilter_link(movie, 0, select, 0) < 0
            || LibavNative.avfilter_link(select, 0, scale, 0) < 0
            || LibavNative.avfilter_link(scale, 0, pixels, 0) < 0
            || LibavNative.avfilter_link(pixels, 0, videoSink, 0) < 0
            || LibavNative.avfilter_link(movie, 1, resample, 0) < 0
            || LibavNative.avfilter_link(resample, 0, format, 0) < 0
            || LibavNative.avfilter_link(format, 0, trim, 0) < 0
            || LibavNative.avfilter_link(trim, 0, audioSink, 0) < 0
            || LibavNative.avfilter_graph_config(graph, IntPtr.Zero) < 0
            || LibavNative.av_buffersink_get_w(videoSink) != width
            || LibavNative.av_buffersink_get_h(videoSink) != height)
        {
            return null;
        }

        return (videoSink, audioSink);
    }

    private static IntPtr Alloc(IntPtr graph, string filter, string name)
    {
        var definition = LibavNative.avfilter_get_by_name(filter);
        return definition == IntPtr.Zero ? IntPtr.Zero : LibavNative.avfilter_graph_alloc_filter(graph, definition, name);
    }

    private static IntPtr Create(IntPtr graph, string filter, string name, string? args)
    {
        var context = Alloc(graph, filter, name);
        return context != IntPtr.Zero && LibavNative.avfilter_init_str(context, args) >= 0 ? context : IntPtr.Zero;
    }

    /// <summary>Pulls frames from both sinks as the graph produces them, until both streams end or are full.</summary>
    private static SinglePassResult? Pull(
        IntPtr graph, IntPtr frame, IntPtr videoSink, IntPtr audioSink, MediaProbe probe, FrameSampling sampling,
        int width, int height, int sampleRate, double maxSeconds, CancellationToken cancellationToken)
    {
        var streamFps = probe.Video!.FramesPerSecond > 0 ? probe.Video.FramesPerSecond : 25.0;
        var frames = new List<VideoFrame>();
        var maxSamples = (long)Math.Min(int.MaxValue / 2, Math.Ceiling(maxSeconds * sampleRate));
        var audio = new List<float>(sampleRate * 4);
        bool videoEnded = false, audioEnded = false;
        long lastProgress = -1;
        var idleRounds = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!videoEnded)
            {
                var v = Drain(videoSink, frame, f => AddFrame(f, frames, sampling, width, height, streamFps));
                if (v == false)
                {
                    return null;
                }

                videoEnded = v == true;
            }

            if (!audioEnded)
            {
                var a = Drain(audioSink, frame, f => AddAudio(f, audio, maxSamples));
                if (a == false)
                {
                    return null;
                }

                audioEnded = a == true;
            }

            // Both caps reached: stop decoding, as the program does with -frames:v and -t.
            if ((videoEnded || frames.Count >= sampling.MaxFrames) && (audioEnded || audio.Count >= maxSamples))
            {
                break;
            }

            var status = LibavNative.avfilter_graph_request_oldest(graph);
            if (status == LibavNative.ErrorEof)
            {
                // Whatever the last request produced is still buffered in the sinks.
                if (Drain(videoSink, frame, f => AddFrame(f, frames, sampling, width, height, streamFps)) == false
                    || Drain(audioSink, frame, f => AddAudio(f, audio, maxSamples)) == false)
                {
                    return null;
                }

                break;
            }

            if (status < 0 && status != LibavNative.ErrorAgain)
            {
                return null;
            }

            var progress = frames.Count + (long)audio.Count;
            idleRounds = status == LibavNative.ErrorAgain && progress == lastProgress ? idleRounds + 1 : 0;
            lastProgress = progress;
            if (idleRounds > MaxIdleRounds)
            {
                return null;
            }
        }

        if (frames.Count == 0)
        {
            return null;
        }

        return new SinglePassResult(probe, frames, new AudioSignal(audio.ToArray(), sampleRate));
    }

    /// <summary>
    /// Takes every frame buffered in <paramref name="sink"/>: null while the stream goes on, true at its end,
    /// false on an error (including a frame that does not look as expected).
    /// </summary>
    private static bool? Drain(IntPtr sink, IntPtr frame, Func<IntPtr, bool> take)
    {
        while (true)
        {
            var status = LibavNative.av_buffersink_get_frame_flags(sink, frame, LibavNative.SinkNoRequest);
            if (status == LibavNative.ErrorAgain)
            {
                return null;
            }

            if (status == LibavNative.ErrorEof)
            {
                return true;
            }

            if (status < 0)
            {
                return false;
            }

            var ok = take(frame);
            LibavNative.av_frame_unref(frame);
            if (!ok)
            {
                return false;
            }
        }
    }

    private static bool AddFrame(IntPtr frame, List<VideoFrame> frames, FrameSampling sampling, int width, int height, double streamFps)
    {
        if (frames.Count >= sampling.MaxFrames)
        {
            return true;
        }

        var data = Marshal.ReadIntPtr(frame, LibavNative.FrameData0);
        var stride = Marshal.ReadInt32(frame, LibavNative.FrameLinesize0);
        var row = width * 3;
        if (data == IntPtr.Zero || stride < row
            || Marshal.ReadInt32(frame, LibavNative.FrameWidth) != width || Marshal.ReadInt32(frame, LibavNative.FrameHeight) != height)
        {
            return false;
        }

        var rgb = new byte[row * height];
        for (var y = 0; y < height; y++)
        {
            Marshal.Copy(data + (y * stride), rgb, y * row, row);
        }

        var (index, time) = sampling.Position(frames.Count, streamFps);
        frames.Add(new VideoFrame(width, height, rgb, index, time));
        return true;
    }

    private static bool AddAudio(IntPtr frame, List<float> audio, long maxSamples)
    {
        var count = Marshal.ReadInt32(frame, LibavNative.FrameSamples);
        var data = Marshal.ReadIntPtr(frame, LibavNative.FrameData0);
        if (count < 0 || (count > 0 && data == IntPtr.Zero))
        {
            return false;
        }

        var take = (int)Math.Min(count, Math.Max(0, maxSamples - audio.Count));
        if (take == 0)
        {
            return true;
        }

        var buffer = new float[take];
        Marshal.Copy(data, buffer, 0, take);
        foreach (var v in buffer)
        {
            audio.Add(float.IsFinite(v) ? Math.Clamp(v, -1f, 1f) : 0f);
        }

        return true;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Duration: [^\n]*?, start: (-?\d+(?:\.\d+)?)", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex StartField();
}
