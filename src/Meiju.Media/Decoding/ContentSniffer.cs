using System.Text;

namespace Meiju.Media.Decoding;

/// <summary>
/// Says what a file that ffmpeg cannot read actually holds, from its first bytes. ffmpeg trusts the extension, so
/// a text file renamed .mp4 is reported as "moov atom not found" (a truncated mp4), which sends the user looking
/// for a broken download instead of a misnamed file.
/// </summary>
internal static class ContentSniffer
{
    private const int Head = 512;

    /// <summary>A short description of the content when it is clearly not media (text, a PDF, a zip, an npy array); null otherwise.</summary>
    public static string? NotMedia(string path)
    {
        byte[] head;
        try
        {
            using var file = File.OpenRead(path);
            head = new byte[Math.Min(Head, file.Length)];
            file.ReadExactly(head);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        return Magic(head) ?? Text(head);
    }

    private static string? Magic(ReadOnlySpan<byte> head) =>
        head.StartsWith("%PDF"u8) ? "a PDF document"
        : head.StartsWith("PK\u0003\u0004"u8) ? "a zip archive"
        : head.StartsWith((ReadOnlySpan<byte>)[0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']) ? "a NumPy .npy array (extracted features, not media)"
        : head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F']) ? "an HDF5 file"
        : null;

    private static string? Text(byte[] head)
    {
        if (head.Length == 0 || head.Contains((byte)0))
        {
            return null;
        }

        string text;
        try
        {
            // A multi-byte character cut at the end of the head is not a reason to call the file binary.
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(head, 0, LastWholeCharacter(head));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var printable = text.Count(c => !char.IsControl(c) || c is '\n' or '\r' or '\t');
        if (printable < text.Length * 0.95)
        {
            return null;
        }

        var first = text.Split('\n', 2)[0].Trim();
        first = first.Length > 40 ? first[..40] + "…" : first;
        var kind = text.TrimStart().StartsWith('<') ? "an HTML or XML page" : "a text file";
        return $"{kind}, not media (it begins \"{first}\"); is the extension wrong?";
    }

    private static int LastWholeCharacter(byte[] head)
    {
        var end = head.Length;
        var back = 0;
        while (back < 3 && end - back - 1 >= 0 && (head[end - back - 1] & 0xC0) == 0x80)
        {
            back++;
        }

        var lead = end - back - 1;
        if (lead >= 0 && head[lead] >= 0xC0)
        {
            var need = head[lead] >= 0xF0 ? 4 : head[lead] >= 0xE0 ? 3 : 2;
            return back + 1 < need ? lead : end;
        }

        return end;
    }
}
