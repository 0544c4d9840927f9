using ScottPlot;

namespace Meiju.Reporting;

/// <summary>Writes ScottPlot figures as PNG files atomically (a reader never sees half an image).</summary>
public static class ChartPng
{
    /// <summary>Renders <paramref name="plot"/> at <paramref name="width"/>×<paramref name="height"/> pixels to <paramref name="path"/>.</summary>
    public static void Save(Plot plot, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        CheckSize(width, height);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    /// <summary>Renders a multi-panel figure to <paramref name="path"/>.</summary>
    public static void Save(Multiplot multiplot, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(multiplot);
        CheckSize(width, height);
        using var image = multiplot.Render(width, height);
        AtomicFile.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png));
    }

    /// <summary>Reads the pixel size stored in a PNG's header (for tests and sanity checks).</summary>
    /// <exception cref="MeijuDataException">The file is not a PNG.</exception>
    public static (int Width, int Height) ReadSize(string path)
    {
        var header = new byte[24];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                throw new MeijuDataException(path, "too short to be a PNG");
            }
        }

        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!header.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new MeijuDataException(path, "not a PNG file");
        }

        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)),
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }

    private static void CheckSize(int width, int height)
    {
        if (width < 50 || height < 50 || width > 10_000 || height > 10_000)
        {
            throw new ArgumentException($"image size {width}×{height} is outside 50..10000 pixels");
        }
    }
}
