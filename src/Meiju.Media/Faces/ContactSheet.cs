using OpenCvSharp;

namespace Meiju.Media.Faces;

/// <summary>Writes face crops side by side into one PNG, so a person can check at a glance that crops are on faces.</summary>
public static class ContactSheet
{
    /// <summary>
    /// Lays out <paramref name="rows"/> (one row per clip, crops left to right) and writes the PNG atomically to
    /// <paramref name="path"/>. Crops of different sizes are resized to the first one's size.
    /// </summary>
    public static void Write(string path, IReadOnlyList<IReadOnlyList<FaceCrop>> rows, int maxPerRow = 12)
    {
        var size = rows.SelectMany(r => r).FirstOrDefault()?.Size
            ?? throw new ArgumentException("contact sheet: no face crops to draw");
        var cols = Math.Min(maxPerRow, rows.Max(r => r.Count));
        const int gap = 2;
        using var sheet = new Mat(rows.Count * (size + gap) + gap, cols * (size + gap) + gap, MatType.CV_8UC3, Scalar.All(40));
        for (var r = 0; r < rows.Count; r++)
        {
            // Spread the chosen crops over the clip rather than taking only its start.
            var row = rows[r];
            var take = Math.Min(cols, row.Count);
            for (var c = 0; c < take; c++)
            {
                var crop = row[take == 1 ? 0 : c * (row.Count - 1) / (take - 1)];
                using var rgb = new Mat(crop.Size, crop.Size, MatType.CV_8UC3);
                System.Runtime.InteropServices.Marshal.Copy(crop.Rgb, 0, rgb.Data, crop.Rgb.Length);
                using var bgr = new Mat();
                Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
                using var fitted = new Mat();
                Cv2.Resize(bgr, fitted, new Size(size, size));
                using var target = new Mat(sheet, new Rect(gap + c * (size + gap), gap + r * (size + gap), size, size));
                fitted.CopyTo(target);
            }
        }

        Cv2.ImEncode(".png", sheet, out var png);
        AtomicFile.WriteAllBytes(path, png);
    }
}
