using System.Buffers.Binary;
using System.IO.Compression;
using Meiju.Media;

namespace Meiju.Descriptions;

/// <summary>
/// Encodes frames as PNG and audio as 16-bit PCM wav: the two formats every OpenAI-compatible server decodes
/// from <c>image_url</c> data URIs and <c>input_audio</c> parts. Lossless, so the bytes depend only on the pixels.
/// </summary>
public static class MediaEncoding
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes an RGB24 frame as an 8-bit RGB PNG.</summary>
    public static byte[] Png(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Rgb.Length != frame.Width * frame.Height * 3)
        {
            throw new ArgumentException($"frame holds {frame.Rgb.Length} bytes, expected {frame.Width}×{frame.Height}×3", nameof(frame));
        }

        using var ms = new MemoryStream();
        ms.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, frame.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), frame.Height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type: truecolour
        WriteChunk(ms, "IHDR", ihdr);

        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var stride = frame.Width * 3;
            for (var y = 0; y < frame.Height; y++)
            {
                z.WriteByte(0); // filter: none
                z.Write(frame.Rgb, y * stride, stride);
            }
        }

        WriteChunk(ms, "IDAT", raw.ToArray());
        WriteChunk(ms, "IEND", []);
        return ms.ToArray();
    }

    /// <summary>Encodes mono float audio in [-1, 1] as a 16-bit PCM wav file (values outside are clipped).</summary>
    public static byte[] Wav(AudioSignal audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var dataBytes = audio.Samples.Length * 2;
        var bytes = new byte[44 + dataBytes];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], audio.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], audio.SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], dataBytes);
        for (var i = 0; i < audio.Samples.Length; i++)
        {
            var v = Math.Clamp(audio.Samples[i], -1f, 1f);
            BinaryPrimitives.WriteInt16LittleEndian(s[(44 + (2 * i))..], (short)Math.Round(v * short.MaxValue));
        }

        return bytes;
    }

    private static void WriteChunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
