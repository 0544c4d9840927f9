namespace Meiju.Features.Imaging;

/// <summary>Bilinear resampling of 8-bit interleaved images to float, optionally from a centred crop.</summary>
public static class ImageSampler
{
    /// <summary>
    /// Resamples an interleaved <paramref name="channels"/>-channel image to <paramref name="dstWidth"/> ×
    /// <paramref name="dstHeight"/>, returning interleaved float values still in 0–255.
    /// </summary>
    /// <param name="pixels">Row-major interleaved pixels.</param>
    /// <param name="width">Source width.</param>
    /// <param name="height">Source height.</param>
    /// <param name="channels">1 (grey) or 3 (RGB).</param>
    /// <param name="dstWidth">Target width.</param>
    /// <param name="dstHeight">Target height.</param>
    /// <param name="centerCrop">Scale the short side to fit and crop the middle, keeping the aspect ratio.</param>
    public static float[] Resize(byte[] pixels, int width, int height, int channels, int dstWidth, int dstHeight, bool centerCrop = false)
    {
        if (width <= 0 || height <= 0 || pixels.Length < width * height * channels)
        {
            throw new ArgumentException($"image of {width}x{height}x{channels} needs {width * height * channels} bytes, got {pixels.Length}");
        }

        double cropX = 0, cropY = 0, cropW = width, cropH = height;
        if (centerCrop)
        {
            var scale = Math.Max((double)dstWidth / width, (double)dstHeight / height);
            cropW = dstWidth / scale;
            cropH = dstHeight / scale;
            cropX = (width - cropW) / 2;
            cropY = (height - cropH) / 2;
        }

        var result = new float[dstWidth * dstHeight * channels];
        var sx = cropW / dstWidth;
        var sy = cropH / dstHeight;
        for (var y = 0; y < dstHeight; y++)
        {
            // Pixel-centre alignment (as OpenCV INTER_LINEAR and PIL do) avoids a half-pixel shift.
            var fy = Math.Clamp(cropY + ((y + 0.5) * sy) - 0.5, 0, height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, height - 1);
            var wy = (float)(fy - y0);
            for (var x = 0; x < dstWidth; x++)
            {
                var fx = Math.Clamp(cropX + ((x + 0.5) * sx) - 0.5, 0, width - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(x0 + 1, width - 1);
                var wx = (float)(fx - x0);
                var o = ((y * dstWidth) + x) * channels;
                for (var c = 0; c < channels; c++)
                {
                    float p00 = pixels[(((y0 * width) + x0) * channels) + c];
                    float p01 = pixels[(((y0 * width) + x1) * channels) + c];
                    float p10 = pixels[(((y1 * width) + x0) * channels) + c];
                    float p11 = pixels[(((y1 * width) + x1) * channels) + c];
                    var top = p00 + ((p01 - p00) * wx);
                    var bottom = p10 + ((p11 - p10) * wx);
                    result[o + c] = top + ((bottom - top) * wy);
                }
            }
        }

        return result;
    }

    /// <summary>ITU-R 601 luma of interleaved RGB (the weights tfjs and OpenCV use for grey).</summary>
    public static byte[] RgbToGray(byte[] rgb, int width, int height)
    {
        var gray = new byte[width * height];
        for (var i = 0; i < gray.Length; i++)
        {
            var v = (0.2989f * rgb[3 * i]) + (0.5870f * rgb[(3 * i) + 1]) + (0.1140f * rgb[(3 * i) + 2]);
            gray[i] = (byte)Math.Clamp((int)MathF.Round(v), 0, 255);
        }

        return gray;
    }
}
