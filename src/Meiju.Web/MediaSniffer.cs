using System.Text;

namespace Meiju.Web;

/// <summary>A media container recognised from a file's first bytes.</summary>
/// <param name="Name">Human name of the container (shown in messages).</param>
/// <param name="Extension">Extension for the server-chosen temp name, so decoders that look at it agree.</param>
/// <param name="HasVideo">Whether the container is a video format (false: an audio-only format).</param>
public sealed record MediaKind(string Name, string Extension, bool HasVideo);

/// <summary>
/// Recognises audio and video containers by their magic bytes. Uploads are judged by content, never by their
/// name or declared type: a renamed text file is refused before it reaches the decoder.
/// </summary>
public static class MediaSniffer
{
    /// <summary>Bytes needed to recognise every supported container (MPEG-TS needs two 188-byte packets).</summary>
    public const int HeaderLength = 512;

    private static readonly string[] QuickTimeAtoms = ["ftyp", "moov", "mdat", "free", "wide", "skip", "pnot"];

    /// <summary>The container in <paramref name="header"/>, or null when it is not a known audio/video format.</summary>
    public static MediaKind? Detect(ReadOnlySpan<byte> header)
    {
        if (header.Length < 4)
        {
            return null;
        }

        if (header.Length >= 12 && QuickTimeAtoms.Contains(Ascii(header.Slice(4, 4))))
        {
            var brand = Ascii(header.Slice(8, 4));
            return brand.StartsWith("M4A", StringComparison.Ordinal)
                ? new MediaKind("MPEG-4 audio", ".m4a", false)
                : brand == "qt  " ? new MediaKind("QuickTime", ".mov", true) : new MediaKind("MPEG-4", ".mp4", true);
        }

        if (header[..4].SequenceEqual(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }))
        {
            return Ascii(header).Contains("webm", StringComparison.Ordinal)
                ? new MediaKind("WebM", ".webm", true)
                : new MediaKind("Matroska", ".mkv", true);
        }

        if (header.Length >= 12 && Ascii(header[..4]) == "RIFF")
        {
            return Ascii(header.Slice(8, 4)) switch
            {
                "AVI " => new MediaKind("AVI", ".avi", true),
                "WAVE" => new MediaKind("WAV", ".wav", false),
                _ => null,
            };
        }

        if (Ascii(header[..3]) == "FLV" && header[3] == 1)
        {
            return new MediaKind("FLV", ".flv", true);
        }

        if (header[..4].SequenceEqual(new byte[] { 0x30, 0x26, 0xB2, 0x75 }))
        {
            return new MediaKind("ASF/WMV", ".wmv", true);
        }

        if (header[..4].SequenceEqual(new byte[] { 0x00, 0x00, 0x01, 0xBA }))
        {
            return new MediaKind("MPEG program stream", ".mpg", true);
        }

        if (header.Length >= 377 && header[0] == 0x47 && header[188] == 0x47 && header[376] == 0x47)
        {
            return new MediaKind("MPEG transport stream", ".ts", true);
        }

        return Ascii(header[..4]) switch
        {
            "OggS" => new MediaKind("Ogg", ".ogg", false),
            "fLaC" => new MediaKind("FLAC", ".flac", false),
            _ when Ascii(header[..3]) == "ID3" => new MediaKind("MP3", ".mp3", false),
            // An MP3 frame header without ID3 tag: 11 sync bits, then a valid MPEG version and layer III.
            _ when header[0] == 0xFF && (header[1] & 0xE0) == 0xE0 && (header[1] & 0x06) == 0x02 => new MediaKind("MP3", ".mp3", false),
            _ => null,
        };
    }

    /// <summary>Reads the header of <paramref name="path"/> and recognises it.</summary>
    public static MediaKind? Detect(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[HeaderLength];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Detect(buffer.AsSpan(0, read));
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
