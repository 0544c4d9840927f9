namespace Meiju.Media.Audio;

/// <summary>
/// Gain normalisation by RMS or peak. Silence (RMS below -80 dBFS) is left untouched rather than amplified to
/// noise or divided by zero.
/// </summary>
public static class LoudnessNormalizer
{
    /// <summary>Level below which audio counts as digital silence.</summary>
    public const double SilenceDbfs = -80;

    /// <summary>
    /// Returns a copy of <paramref name="samples"/> scaled per <paramref name="mode"/>. With
    /// <paramref name="measureOn"/> (speech segments), the RMS is measured on those samples only.
    /// </summary>
    public static float[] Normalize(ReadOnlySpan<float> samples, LoudnessMode mode, double targetDbfs, IReadOnlyList<SpeechSegment>? measureOn = null)
    {
        var output = samples.ToArray();
        if (mode == LoudnessMode.None || output.Length == 0)
        {
            return output;
        }

        var rms = measureOn is { Count: > 0 } ? RmsDbfs(output, measureOn) : RmsDbfs(samples);
        if (rms < SilenceDbfs)
        {
            return output;
        }

        var peak = PeakDbfs(samples);
        var gainDb = mode == LoudnessMode.Peak ? targetDbfs - peak : targetDbfs - rms;
        // A peak limit keeps RMS normalisation from clipping loud transients.
        const double peakCeiling = -1.0;
        gainDb = Math.Min(gainDb, peakCeiling - peak);
        var gain = (float)Math.Pow(10, gainDb / 20);
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = Math.Clamp(output[i] * gain, -1f, 1f);
        }

        return output;
    }

    /// <summary>RMS level in dBFS (-inf for all zeros).</summary>
    public static double RmsDbfs(ReadOnlySpan<float> samples)
    {
        if (samples.Length == 0)
        {
            return double.NegativeInfinity;
        }

        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return 10 * Math.Log10(sum / samples.Length);
    }

    /// <summary>RMS level in dBFS over <paramref name="segments"/> of <paramref name="samples"/>.</summary>
    public static double RmsDbfs(float[] samples, IReadOnlyList<SpeechSegment> segments)
    {
        double sum = 0;
        long count = 0;
        foreach (var seg in segments)
        {
            for (var i = Math.Max(0, seg.Start); i < Math.Min(samples.Length, seg.End); i++)
            {
                sum += (double)samples[i] * samples[i];
                count++;
            }
        }

        return count == 0 ? double.NegativeInfinity : 10 * Math.Log10(sum / count);
    }

    /// <summary>Peak level in dBFS (-inf for all zeros).</summary>
    public static double PeakDbfs(ReadOnlySpan<float> samples)
    {
        float peak = 0;
        foreach (var s in samples)
        {
            peak = Math.Max(peak, Math.Abs(s));
        }

        return 20 * Math.Log10(peak);
    }
}
