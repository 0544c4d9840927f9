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
    /// <param name="shortSide">With <paramref name="centerCrop"/>: scale the short side to this first (0: to fit).</param>
    public static float[] Resize(byte[] pixels, int width, int height, int channels, int dstWidth, int dstHeight, bool centerCrop = false, int shortSide = 0)
    {
        var result = new float[dstWidth * dstHeight * channels];
        Resize(pixels, width, height, channels, dstWidth, dstHeight, result, centerCrop, shortSide);
        return result;
    }

    /// <summary>
    /// As <see cref="Resize(byte[], int, int, int, int, int, bool, int)"/>, writing into <paramref name="destination"/>
    /// (at least <paramref name="dstWidth"/> × <paramref name="dstHeight"/> × <paramref name="channels"/> values) so a
    /// caller resizing frame after frame can reuse one buffer.
    /// </summary>
    /// <param name="pixels">Row-major interleaved pixels.</param>
    /// <param name="width">Source width.</param>
    /// <param name="height">Source height.</param>
    /// <param name="channels">1 (grey) or 3 (RGB).</param>
    /// <param name="dstWidth">Target width.</param>
    /// <param name="dstHeight">Target height.</param>
    /// <param name="destination">Receives the interleaved result, still in 0–255.</param>
    /// <param name="centerCrop">Scale the short side to fit and crop the middle, keeping the aspect ratio.</param>
    /// <param name="shortSide">
    /// With <paramref name="centerCrop"/>: first scale the short side to this many pixels (0: just to fit), then crop
    /// the middle — torchvision's <c>Resize(shortSide)</c> + <c>CenterCrop</c> geometry (see <see cref="CropWindow"/>).
    /// </param>
    public static void Resize(byte[] pixels, int width, int height, int channels, int dstWidth, int dstHeight, Span<float> destination, bool centerCrop = false, int shortSide = 0)
    {
        if (destination.Length < dstWidth * dstHeight * channels)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, {dstWidth}x{dstHeight}x{channels} needs {dstWidth * dstHeight * channels}", nameof(destination));
        }

        if (width <= 0 || height <= 0 || pixels.Length < width * height * channels)
        {
            throw new ArgumentException($"image of {width}x{height}x{channels} needs {width * height * channels} bytes, got {pixels.Length}");
        }

        var (cropX, cropY, sx, sy) = centerCrop && shortSide > 0
            ? CropWindow(width, height, shortSide, dstWidth, dstHeight)
            : FitWindow(width, height, dstWidth, dstHeight, centerCrop);
        // Column positions are the same on every row: work them out once (this loop ran per pixel before and cost
        // about as much as the interpolation itself). The arithmetic is unchanged, so the values are too.
        var left = new int[dstWidth];
        var right = new int[dstWidth];
        var weights = new float[dstWidth];
        for (var x = 0; x < dstWidth; x++)
        {
            // Pixel-centre alignment (as OpenCV INTER_LINEAR and PIL do) avoids a half-pixel shift.
            var fx = Math.Clamp(cropX + ((x + 0.5) * sx) - 0.5, 0, width - 1);
            var x0 = (int)fx;
            left[x] = x0 * channels;
            right[x] = Math.Min(x0 + 1, width - 1) * channels;
            weights[x] = (float)(fx - x0);
        }

        var stride = width * channels;
        for (var y = 0; y < dstHeight; y++)
        {
            var fy = Math.Clamp(cropY + ((y + 0.5) * sy) - 0.5, 0, height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, height - 1);
            var wy = (float)(fy - y0);
            var row0 = pixels.AsSpan(y0 * stride, stride);
            var row1 = pixels.AsSpan(y1 * stride, stride);
            var target = destination.Slice(y * dstWidth * channels, dstWidth * channels);
            for (var x = 0; x < dstWidth; x++)
            {
                var x0 = left[x];
                var x1 = right[x];
                var wx = weights[x];
                var o = x * channels;
                for (var c = 0; c < channels; c++)
                {
                    float p00 = row0[x0 + c];
                    float p01 = row0[x1 + c];
                    float p10 = row1[x0 + c];
                    float p11 = row1[x1 + c];
                    var top = p00 + ((p01 - p00) * wx);
                    var bottom = p10 + ((p11 - p10) * wx);
                    target[o + c] = top + ((bottom - top) * wy);
                }
            }
        }
    }

    /// <summary>
    /// Where output pixel (0, 0) starts in the source and the source pixels per output pixel, for torchvision's
    /// <c>Resize(shortSide)</c> + <c>CenterCrop(dstWidth × dstHeight)</c>: the short side becomes
    /// <paramref name="shortSide"/> and the long side <c>(int)(shortSide · long / short)</c>, and the crop starts at
    /// <c>round((resized − crop) / 2)</c> whole resized pixels (halves to even, as Python's round). Sampling the
    /// source directly at those positions is that two-step resize and crop without an intermediate image.
    /// </summary>
    /// <returns>Crop origin in source pixels and the source step per output pixel along x and y.</returns>
    public static (double X, double Y, double StepX, double StepY) CropWindow(int width, int height, int shortSide, int dstWidth, int dstHeight)
    {
        var (shortest, longest) = width <= height ? (width, height) : (height, width);
        var scaledLong = (int)((long)shortSide * longest / shortest);
        var (resizedW, resizedH) = width <= height ? (shortSide, scaledLong) : (scaledLong, shortSide);
        var left = Math.Round((resizedW - dstWidth) / 2.0, MidpointRounding.ToEven);
        var top = Math.Round((resizedH - dstHeight) / 2.0, MidpointRounding.ToEven);
        var sx = (double)width / resizedW;
        var sy = (double)height / resizedH;
        return (left * sx, top * sy, sx, sy);
    }

    private static (double X, double Y, double StepX, double StepY) FitWindow(int width, int height, int dstWidth, int dstHeight, bool centerCrop)
    {
        double cropX = 0, cropY = 0, cropW = width, cropH = height;
        if (centerCrop)
        {
            var scale = Math.Max((double)dstWidth / width, (double)dstHeight / height);
            cropW = dstWidth / scale;
            cropH = dstHeight / scale;
            cropX = (width - cropW) / 2;
            cropY = (height - cropH) / 2;
        }

        return (cropX, cropY, cropW / dstWidth, cropH / dstHeight);
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
