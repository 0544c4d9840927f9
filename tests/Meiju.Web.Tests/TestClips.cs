namespace Meiju.Web.Tests;

/// <summary>Small byte patterns with the magic numbers of real containers (content only; never decoded).</summary>
internal static class TestClips
{
    public const string CremadClip = "cremad-clips/video_flv/1001_DFA_HAP_XX.flv";

    /// <summary>Bytes that start like an FLV file, padded to <paramref name="length"/>.</summary>
    public static byte[] FlvLike(int length)
    {
        var bytes = new byte[length];
        "FLV"u8.CopyTo(bytes);
        bytes[3] = 1;
        for (var i = 4; i < length; i++)
        {
            bytes[i] = (byte)(i * 31);
        }

        return bytes;
    }

    /// <summary>Bytes that start like an MP4 (ftyp isom).</summary>
    public static byte[] Mp4Like(int length)
    {
        var bytes = new byte[Math.Max(length, 16)];
        new byte[] { 0, 0, 0, 0x18 }.CopyTo(bytes, 0);
        "ftypisom"u8.CopyTo(bytes.AsSpan(4));
        return bytes;
    }
}
