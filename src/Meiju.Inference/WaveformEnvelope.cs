namespace Meiju.Inference;

/// <summary>The audio envelope a page draws: the peak absolute sample of each of N equal buckets, in [0, 1].</summary>
public static class WaveformEnvelope
{
    /// <summary>Peaks of <paramref name="buckets"/> buckets over <paramref name="samples"/> (fewer when there are fewer samples).</summary>
    public static float[] Of(float[] samples, int buckets)
    {
        if (samples.Length == 0 || buckets <= 0)
        {
            return [];
        }

        var n = Math.Min(buckets, samples.Length);
        var result = new float[n];
        for (var b = 0; b < n; b++)
        {
            var start = (int)((long)b * samples.Length / n);
            var end = (int)((long)(b + 1) * samples.Length / n);
            var peak = 0f;
            for (var i = start; i < end; i++)
            {
                peak = Math.Max(peak, Math.Abs(samples[i]));
            }

            result[b] = Math.Min(1f, peak);
        }

        return result;
    }
}
