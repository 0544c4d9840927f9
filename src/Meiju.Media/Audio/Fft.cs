namespace Meiju.Media.Audio;

/// <summary>In-place radix-2 complex FFT: enough for the short frames of speech processing, with no dependency.</summary>
internal static class Fft
{
    /// <summary>Transforms (<paramref name="re"/>, <paramref name="im"/>) in place; <paramref name="inverse"/> scales by 1/n.</summary>
    public static void Transform(float[] re, float[] im, bool inverse)
    {
        var n = re.Length;
        if (n != im.Length || (n & (n - 1)) != 0)
        {
            throw new ArgumentException("FFT length must be a power of two and re/im equal");
        }

        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var len = 2; len <= n; len <<= 1)
        {
            var angle = 2 * Math.PI / len * (inverse ? 1 : -1);
            var wRe = Math.Cos(angle);
            var wIm = Math.Sin(angle);
            for (var i = 0; i < n; i += len)
            {
                double cRe = 1, cIm = 0;
                for (var k = 0; k < len / 2; k++)
                {
                    var a = i + k;
                    var b = a + len / 2;
                    var tRe = re[b] * cRe - im[b] * cIm;
                    var tIm = re[b] * cIm + im[b] * cRe;
                    re[b] = (float)(re[a] - tRe);
                    im[b] = (float)(im[a] - tIm);
                    re[a] = (float)(re[a] + tRe);
                    im[a] = (float)(im[a] + tIm);
                    var next = cRe * wRe - cIm * wIm;
                    cIm = cRe * wIm + cIm * wRe;
                    cRe = next;
                }
            }
        }

        if (inverse)
        {
            var s = 1f / n;
            for (var i = 0; i < n; i++)
            {
                re[i] *= s;
                im[i] *= s;
            }
        }
    }
}
