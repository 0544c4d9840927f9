using System.Globalization;
using System.Text.Json;

namespace Meiju.Media.Decoding;

/// <summary>Probes media files with ffprobe and turns unreadable input into <see cref="MeijuDataException"/>.</summary>
public static class MediaProber
{
    /// <summary>
    /// Checks that <paramref name="path"/> names a readable, non-empty file. Linux file names are bytes; .NET
    /// decodes them as UTF-8 and replaces invalid bytes with U+FFFD, after which the name no longer leads to the
    /// file, so such names are reported here rather than as a confusing "not found".
    /// </summary>
    public static void CheckFile(string path)
    {
        if (path.Contains('\uFFFD', StringComparison.Ordinal))
        {
            throw new MeijuDataException(path,
                "file name is not valid UTF-8 (bytes shown as U+FFFD); .NET cannot open it by this name: rename it to UTF-8 (e.g. convmv -f latin1 -t utf8)");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new MeijuDataException(path, "file not found");
        }

        if (info.Length == 0)
        {
            throw new MeijuDataException(path, "file is empty (0 bytes)");
        }
    }

    /// <summary>Probes <paramref name="path"/>; throws <see cref="MeijuDataException"/> when it holds no audio or video.</summary>
    public static async Task<MediaProbe> ProbeAsync(string path, FfmpegTools? tools = null, CancellationToken cancellationToken = default)
    {
        CheckFile(path);
        tools ??= FfmpegTools.Default;
        var (code, stdout, stderr) = await FfmpegTools.RunAsync(tools.Ffprobe,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", FfmpegTools.InputUrl(path)],
            cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new MeijuDataException(path, "not a readable media file: " + (ContentSniffer.NotMedia(path) ?? Explain(stderr)));
        }

        MediaProbe probe;
        try
        {
            probe = Parse(path, stdout);
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(path, "ffprobe gave unreadable output: " + ex.Message, inner: ex);
        }

        if (probe.Video is null && probe.Audio is null)
        {
            throw new MeijuDataException(path,
                $"no audio or video stream (container '{probe.FormatName}', {probe.Streams.Count} other stream(s))");
        }

        return probe;
    }

    /// <summary>Turns ffmpeg's last error line into a reason a user can act on.</summary>
    internal static string Explain(string stderr)
    {
        var last = RunningTool.LastLine(stderr);
        if (stderr.Contains("moov atom not found", StringComparison.Ordinal))
        {
            return "truncated or incomplete mp4 (moov atom not found)";
        }

        // ffprobe prefixes lines with the input URL; drop it so the message names the file once.
        var colon = last.IndexOf(": ", StringComparison.Ordinal);
        if (last.StartsWith("file:", StringComparison.Ordinal) && colon > 0)
        {
            last = last[(colon + 2)..];
        }

        return last.Length == 0 ? "ffprobe failed without a message" : last;
    }

    internal static MediaProbe Parse(string path, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var format = root.TryGetProperty("format", out var f) ? f : default;
        var formatName = format.ValueKind == JsonValueKind.Object ? Str(format, "format_name") : "";
        var duration = format.ValueKind == JsonValueKind.Object ? Num(format, "duration") : double.NaN;
        var streams = new List<MediaStreamInfo>();
        if (root.TryGetProperty("streams", out var arr) && arr.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in arr.EnumerateArray())
            {
                var kind = Str(s, "codec_type");
                var width = (int)Num(s, "width", 0);
                var height = (int)Num(s, "height", 0);
                if (Math.Abs(Rotation(s)) % 180 == 90)
                {
                    (width, height) = (height, width);
                }

                var fps = Rate(Str(s, "avg_frame_rate"));
                if (fps <= 0)
                {
                    fps = Rate(Str(s, "r_frame_rate"));
                }

                var attached = s.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var ap)
                    && ap.ValueKind == JsonValueKind.Number && ap.GetInt32() == 1;
                streams.Add(new MediaStreamInfo(
                    (int)Num(s, "index", streams.Count), kind, Str(s, "codec_name"), width, height, fps,
                    (int)Num(s, "sample_rate", 0), (int)Num(s, "channels", 0), Num(s, "duration"), attached));
            }
        }

        return new MediaProbe(path, formatName, duration, streams);
    }

    private static double Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("tags", out var tags) && tags.TryGetProperty("rotate", out var r)
            && double.TryParse(r.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var deg))
        {
            return deg;
        }

        if (stream.TryGetProperty("side_data_list", out var side) && side.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in side.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out var rot) && rot.ValueKind == JsonValueKind.Number)
                {
                    return rot.GetDouble();
                }
            }
        }

        return 0;
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static double Num(JsonElement e, string name, double missing = double.NaN)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return missing;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) => x,
            _ => missing,
        };
    }

    private static double Rate(string fraction)
    {
        var parts = fraction.Split('/');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var den) && den > 0)
        {
            return num / den;
        }

        return 0;
    }
}
