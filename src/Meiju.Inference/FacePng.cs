using Meiju.Media;
using OpenCvSharp;

namespace Meiju.Inference;

/// <summary>Encodes face crops as PNG for reports and the web page.</summary>
public static class FacePng
{
    /// <summary>The crop's RGB pixels as PNG bytes.</summary>
    public static byte[] Encode(FaceCrop crop)
    {
        using var rgb = new Mat(crop.Size, crop.Size, MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(crop.Rgb, 0, rgb.Data, crop.Rgb.Length);
        using var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        Cv2.ImEncode(".png", bgr, out var png);
        return png;
    }

    /// <summary>Up to <paramref name="count"/> crops spread evenly over <paramref name="faces"/> (time order kept).</summary>
    public static IReadOnlyList<FaceCrop> Spread(IReadOnlyList<FaceCrop> faces, int count)
    {
        if (count <= 0 || faces.Count == 0)
        {
            return [];
        }

        if (faces.Count <= count)
        {
            return faces;
        }

        return Enumerable.Range(0, count).Select(i => faces[(int)((i + 0.5) * faces.Count / count)]).ToList();
    }
}
