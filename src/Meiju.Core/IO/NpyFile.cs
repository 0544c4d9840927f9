using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Meiju.IO;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1–3).
/// </summary>
/// <remarks>
/// Written here rather than taken from NumSharp 0.70 because that reader has no float16 dtype (MEIJU features are
/// often stored as float16), returns its own NDArray type that we would copy again for TorchSharp, and reports
/// truncated files as a generic stream error. The format is a short ASCII header plus raw little-endian data, so
/// the reader stays small and every failure names the file and what is wrong.
/// </remarks>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a float16/float32/float64 (or int32/int64) array, converting values to float32.</summary>
    /// <exception cref="MeijuDataException">The file is missing, truncated, or not a supported .npy array.</exception>
    public static NpyArray Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new MeijuDataException(path, "file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new MeijuDataException(path, "file not found (its folder does not exist)");
        }
        catch (IOException e)
        {
            throw new MeijuDataException(path, "cannot read file: " + e.Message);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses the bytes of a .npy file; <paramref name="path"/> is used in error messages only.</summary>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length == 0)
        {
            throw new MeijuDataException(path, "empty file (0 bytes), expected a .npy array");
        }

        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
        {
            throw new MeijuDataException(path, "not a .npy file (missing the \\x93NUMPY magic)");
        }

        int major = bytes[6];
        int headerLength;
        int headerStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
            headerStart = 10;
        }
        else if (major is 2 or 3)
        {
            if (bytes.Length < 12)
            {
                throw new MeijuDataException(path, "truncated .npy header");
            }

            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
            headerStart = 12;
        }
        else
        {
            throw new MeijuDataException(path, $"unsupported .npy format version {major}");
        }

        if (headerStart + headerLength > bytes.Length)
        {
            throw new MeijuDataException(path, "truncated .npy header");
        }

        var header = Encoding.UTF8.GetString(bytes.Slice(headerStart, headerLength));
        var descr = DescrRegex().Match(header);
        var order = FortranRegex().Match(header);
        var shapeMatch = ShapeRegex().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success)
        {
            throw new MeijuDataException(path, $"malformed .npy header: {header.Trim()}");
        }

        if (order.Groups[1].Value == "True")
        {
            throw new MeijuDataException(path, "Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        }

        var shape = shapeMatch.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
        }

        var dtype = descr.Groups[1].Value;
        var itemSize = dtype switch
        {
            "<f2" => 2,
            "<f4" => 4,
            "<f8" => 8,
            "<i4" => 4,
            "<i8" => 8,
            _ => throw new MeijuDataException(path, $"unsupported dtype '{dtype}' (expected float16/32/64 or int32/64, little-endian)"),
        };

        var dataStart = headerStart + headerLength;
        var expected = count * itemSize;
        var available = bytes.Length - dataStart;
        if (available < expected)
        {
            throw new MeijuDataException(path, $"truncated .npy data: shape {FormatShape(shape)} needs {expected} bytes, file has {available}");
        }

        var data = new float[count];
        var raw = bytes.Slice(dataStart, (int)expected);
        switch (dtype)
        {
            case "<f4":
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                }

                break;
            case "<f2":
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(i * 2)..]);
                }

                break;
            case "<f8":
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
                }

                break;
            case "<i4":
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = BinaryPrimitives.ReadInt32LittleEndian(raw[(i * 4)..]);
                }

                break;
            default:
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(i * 8)..]);
                }

                break;
        }

        return new NpyArray(shape, data);
    }

    /// <summary>Writes a float32 array as a version-1 .npy file, atomically (temp file, then rename).</summary>
    public static void Write(string path, NpyArray array) => Write(path, array, flushToDisk: true);

    /// <summary>As <see cref="Write(string, NpyArray)"/>, optionally without the fsync (see <see cref="AtomicFile.Write(string, Action{Stream}, bool)"/>).</summary>
    public static void Write(string path, NpyArray array, bool flushToDisk)
    {
        long count = 1;
        foreach (var d in array.Shape)
        {
            count *= d;
        }

        if (count != array.Data.Length)
        {
            throw new ArgumentException($"shape {FormatShape(array.Shape)} holds {count} values but {array.Data.Length} were given", nameof(array));
        }

        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {FormatShape(array.Shape)}, }}";
        // Header + magic/version/length must be a multiple of 64 bytes, ending with '\n' (numpy's own rule).
        var total = 10 + header.Length + 1;
        var pad = (64 - (total % 64)) % 64;
        header = header + new string(' ', pad) + "\n";

        AtomicFile.Write(path, stream =>
        {
            stream.Write(Magic);
            stream.WriteByte(1);
            stream.WriteByte(0);
            Span<byte> len = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
            stream.Write(len);
            stream.Write(Encoding.ASCII.GetBytes(header));
            var buffer = new byte[array.Data.Length * 4];
            for (var i = 0; i < array.Data.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), array.Data[i]);
            }

            stream.Write(buffer);
        }, flushToDisk);
    }

    private static string FormatShape(int[] shape) =>
        "(" + string.Join(", ", shape) + (shape.Length == 1 ? ",)" : ")");

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
