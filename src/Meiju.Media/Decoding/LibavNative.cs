using System.Runtime.InteropServices;
using System.Text;

namespace Meiju.Media.Decoding;

/// <summary>
/// The few entry points of FFmpeg's own libraries (libavformat, libavfilter, libavutil) that
/// <see cref="LibavDecoder"/> calls, bound to the ABI of Debian 12's FFmpeg 5.1 (libavutil 57, libavformat 59,
/// libavfilter 8) — the libraries the <c>ffmpeg</c> package already installs. Struct layouts are not bound: the
/// only fields read are the first ones of <c>AVFrame</c> (data, linesize, width, height, nb_samples), unchanged
/// since FFmpeg 1.0; a video frame whose width and height there differ from the size the graph was built for is
/// refused. Any other major version is refused (<see cref="Available"/> is false) and the caller runs the ffmpeg
/// program instead. Loading installs a process-wide libav log callback: libav's messages are captured per thread
/// while a dump is wanted and dropped otherwise, for any libav user in the process.
/// </summary>
internal static class LibavNative
{
    private const string AvUtil = "libavutil.so.57";
    private const string AvFormat = "libavformat.so.59";
    private const string AvFilter = "libavfilter.so.8";

    /// <summary><c>AVERROR_EOF</c>: FFERRTAG('E','O','F',' ').</summary>
    public const int ErrorEof = -('E' | ('O' << 8) | ('F' << 16) | (' ' << 24));

    /// <summary><c>AVERROR(EAGAIN)</c> on Linux.</summary>
    public const int ErrorAgain = -11;

    /// <summary><c>AV_OPT_SEARCH_CHILDREN</c>: an option of a filter lives in its private context.</summary>
    public const int OptSearchChildren = 1;

    /// <summary><c>AV_BUFFERSINK_FLAG_NO_REQUEST</c>: take what is buffered, do not pull the graph.</summary>
    public const int SinkNoRequest = 2;

    // Offsets inside AVFrame (libavutil/frame.h): uint8_t *data[8]; int linesize[8]; uint8_t **extended_data;
    // int width, height; int nb_samples.
    public const int FrameData0 = 0;
    public const int FrameLinesize0 = 64;
    public const int FrameWidth = 104;
    public const int FrameHeight = 108;
    public const int FrameSamples = 112;

    private static readonly Lazy<bool> Loaded = new(Load);

    // Kept in a static field so the collector never frees the thunk libav holds.
    private static readonly LogCallback Logger = OnLog;

    [ThreadStatic]
    private static StringBuilder? _capture;

    /// <summary>True when the FFmpeg 5.1 libraries are present with the expected major versions.</summary>
    public static bool Available => Loaded.Value;

    private static bool Load()
    {
        try
        {
            var ok = avutil_version() >> 16 == 57 && avformat_version() >> 16 == 59 && avfilter_version() >> 16 == 8;
            if (ok)
            {
                // libav's own messages would otherwise go to our stderr, warning by warning; they are captured
                // per thread while a dump is wanted and dropped otherwise (the ffmpeg program path explains failures).
                av_log_set_callback(Marshal.GetFunctionPointerForDelegate(Logger));
            }

            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>Collects libav's log lines written on this thread while <paramref name="action"/> runs.</summary>
    public static string Capture(Action action)
    {
        var previous = _capture;
        _capture = new StringBuilder();
        try
        {
            action();
            return _capture.ToString();
        }
        finally
        {
            _capture = previous;
        }
    }

    private static void OnLog(IntPtr avcl, int level, IntPtr format, IntPtr args)
    {
        if (_capture is not { } sink || level > 32)
        {
            return;
        }

        var buffer = new byte[2048];
        var printPrefix = 0;
        var n = av_log_format_line2(avcl, level, format, args, buffer, buffer.Length, ref printPrefix);
        if (n > 0)
        {
            sink.Append(Encoding.UTF8.GetString(buffer, 0, Math.Min(n, buffer.Length - 1)));
        }
    }

    /// <summary>libav's text for an error code.</summary>
    public static string ErrorText(int code)
    {
        var buffer = new byte[256];
        return av_strerror(code, buffer, (nuint)buffer.Length) == 0
            ? Encoding.UTF8.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0)))
            : $"error {code}";
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void LogCallback(IntPtr avcl, int level, IntPtr format, IntPtr args);

#pragma warning disable SA1300, IDE1006 // C names, so a reader finds them in FFmpeg's headers
    [DllImport(AvUtil)] public static extern uint avutil_version();
    [DllImport(AvFormat)] public static extern uint avformat_version();
    [DllImport(AvFilter)] public static extern uint avfilter_version();

    [DllImport(AvUtil)] private static extern void av_log_set_callback(IntPtr callback);
    [DllImport(AvUtil)] private static extern int av_log_format_line2(IntPtr avcl, int level, IntPtr fmt, IntPtr vl, byte[] line, int lineSize, ref int printPrefix);
    [DllImport(AvUtil)] private static extern int av_strerror(int code, byte[] buffer, nuint size);

    [DllImport(AvUtil)] public static extern IntPtr av_frame_alloc();
    [DllImport(AvUtil)] public static extern void av_frame_unref(IntPtr frame);
    [DllImport(AvUtil)] public static extern void av_frame_free(ref IntPtr frame);
    [DllImport(AvUtil)] public static extern int av_opt_set(IntPtr obj, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int flags);
    [DllImport(AvUtil)] public static extern int av_opt_set_int(IntPtr obj, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, long value, int flags);

    [DllImport(AvFormat)] public static extern int avformat_open_input(ref IntPtr context, [MarshalAs(UnmanagedType.LPUTF8Str)] string url, IntPtr format, IntPtr options);
    [DllImport(AvFormat)] public static extern int avformat_find_stream_info(IntPtr context, IntPtr options);
    [DllImport(AvFormat)] public static extern void av_dump_format(IntPtr context, int index, [MarshalAs(UnmanagedType.LPUTF8Str)] string url, int isOutput);
    [DllImport(AvFormat)] public static extern void avformat_close_input(ref IntPtr context);

    [DllImport(AvFilter)] public static extern IntPtr avfilter_graph_alloc();
    [DllImport(AvFilter)] public static extern void avfilter_graph_free(ref IntPtr graph);
    [DllImport(AvFilter)] public static extern IntPtr avfilter_get_by_name([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    [DllImport(AvFilter)] public static extern IntPtr avfilter_graph_alloc_filter(IntPtr graph, IntPtr filter, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    [DllImport(AvFilter)] public static extern int avfilter_init_str(IntPtr context, [MarshalAs(UnmanagedType.LPUTF8Str)] string? args);
    [DllImport(AvFilter)] public static extern int avfilter_link(IntPtr source, uint sourcePad, IntPtr destination, uint destinationPad);
    [DllImport(AvFilter)] public static extern int avfilter_graph_config(IntPtr graph, IntPtr logContext);
    [DllImport(AvFilter)] public static extern int avfilter_graph_request_oldest(IntPtr graph);
    [DllImport(AvFilter)] public static extern int av_buffersink_get_frame_flags(IntPtr sink, IntPtr frame, int flags);
    [DllImport(AvFilter)] public static extern int av_buffersink_get_w(IntPtr sink);
    [DllImport(AvFilter)] public static extern int av_buffersink_get_h(IntPtr sink);
#pragma warning restore SA1300, IDE1006
}
