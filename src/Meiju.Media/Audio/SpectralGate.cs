namespace Meiju.Media.Audio;

/// <summary>
/// Stationary noise reduction by spectral gating (the method of the noisereduce library, written here from its
/// description): estimate a per-frequency noise floor in dB from the quietest frames, keep time–frequency cells
/// that rise <see cref="ThresholdStd"/> standard deviations above it, attenuate the rest by
/// <see cref="Reduction"/>, smoothing the mask so the result does not warble ("musical noise").
/// </summary>
public sealed record SpectralGate
{
    /// <summary>FFT size in samples (512 = 32 ms at 16 kHz).</summary>
    public int FftSize { get; init; } = 512;

    /// <summary>Hop in samples (128 = 8 ms at 16 kHz).</summary>
    public int Hop { get; init; } = 128;

    /// <summary>Share of the lowest-energy frames taken as the noise sample.</summary>
    public double NoiseFraction { get; init; } = 0.2;

    /// <summary>Standard deviations above the noise mean that count as signal.</summary>
    public double ThresholdStd { get; init; } = 1.5;

    /// <summary>How much gated cells are reduced: 1 removes them, 0 leaves them.</summary>
    public double Reduction { get; init; } = 0.9;

    /// <summary>Mask smoothing half-widths: frames (time) and bins (frequency).</summary>
    public (int Frames, int Bins) Smoothing { get; init; } = (2, 2);

    /// <summary>Returns the denoised copy of <paramref name="samples"/> (same length).</summary>
    public float[] Apply(ReadOnlySpan<float> samples)
    {
        if (FftSize < 16 || (FftSize & (FftSize - 1)) != 0 || Hop < 1 || Hop > FftSize / 2)
        {
            throw new ArgumentException($"spectral gate: FFT size must be a power of two ≥ 16 and hop in [1, FFT/2] (got {FftSize}, {Hop})");
        }

        var n = samples.Length;
        if (n == 0)
        {
            return [];
        }

        var pad = FftSize / 2;
        var padded = new float[n + 2 * pad + FftSize];
        samples.CopyTo(padded.AsSpan(pad));
        var frames = (n + 2 * pad - FftSize) / Hop + 1;
        var bins = FftSize / 2 + 1;
        var window = new float[FftSize];
        for (var i = 0; i < FftSize; i++)
        {
            window[i] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * i / FftSize));
        }

        var re = new float[frames][];
        var im = new float[frames][];
        var db = new float[frames][];
        var energy = new double[frames];
        for (var t = 0; t < frames; t++)
        {
            var r = new float[FftSize];
            var m = new float[FftSize];
            for (var i = 0; i < FftSize; i++)
            {
                r[i] = padded[t * Hop + i] * window[i];
            }

            Fft.Transform(r, m, inverse: false);
            re[t] = r;
            im[t] = m;
            var d = new float[bins];
            for (var k = 0; k < bins; k++)
            {
                var p = (double)r[k] * r[k] + (double)m[k] * m[k];
                energy[t] += p;
                d[k] = (float)(10 * Math.Log10(p + 1e-12));
            }

            db[t] = d;
        }

        // Noise statistics from the quietest frames: speech rarely fills an utterance, so they are mostly noise.
        var quiet = Enumerable.Range(0, frames).OrderBy(t => energy[t]).Take(Math.Max(1, (int)(frames * NoiseFraction))).ToArray();
        var threshold = new float[bins];
        for (var k = 0; k < bins; k++)
        {
            double mean = 0, sq = 0;
            foreach (var t in quiet)
            {
                mean += db[t][k];
            }

            mean /= quiet.Length;
            foreach (var t in quiet)
            {
                sq += (db[t][k] - mean) * (db[t][k] - mean);
            }

            threshold[k] = (float)(mean + ThresholdStd * Math.Sqrt(sq / quiet.Length));
        }

        var mask = new float[frames, bins];
        for (var t = 0; t < frames; t++)
        {
            for (var k = 0; k < bins; k++)
            {
                mask[t, k] = db[t][k] > threshold[k] ? 1f : 0f;
            }
        }

        var smooth = SmoothMask(mask, frames, bins);
        var output = new double[padded.Length];
        var norm = new double[padded.Length];
        for (var t = 0; t < frames; t++)
        {
            var r = re[t];
            var m = im[t];
            for (var k = 0; k < bins; k++)
            {
                var g = (float)(1 - Reduction * (1 - smooth[t, k]));
                r[k] *= g;
                m[k] *= g;
                if (k > 0 && k < FftSize / 2)
                {
                    r[FftSize - k] *= g;
                    m[FftSize - k] *= g;
                }
            }

            Fft.Transform(r, m, inverse: true);
            for (var i = 0; i < FftSize; i++)
            {
                output[t * Hop + i] += r[i] * window[i];
                norm[t * Hop + i] += window[i] * window[i];
            }
        }

        var result = new float[n];
        for (var i = 0; i < n; i++)
        {
            var w = norm[i + pad];
            result[i] = w > 1e-8 ? (float)(output[i + pad] / w) : 0f;
        }

        return result;
    }

    private float[,] SmoothMask(float[,] mask, int frames, int bins)
    {
        var (ft, fb) = Smoothing;
        if (ft <= 0 && fb <= 0)
        {
            return mask;
        }

        var result = new float[frames, bins];
        for (var t = 0; t < frames; t++)
        {
            for (var k = 0; k < bins; k++)
            {
                double sum = 0;
                var count = 0;
                for (var dt = -ft; dt <= ft; dt++)
                {
                    var tt = t + dt;
                    if (tt < 0 || tt >= frames)
                    {
                        continue;
                    }

                    for (var dk = -fb; dk <= fb; dk++)
                    {
                        var kk = k + dk;
                        if (kk < 0 || kk >= bins)
                        {
                            continue;
                        }

                        sum += mask[tt, kk];
                        count++;
                    }
                }

                // A cell whose neighbourhood is mostly signal passes whole (a harmonic 2–3 bins wide is not dimmed
                // by its gated neighbours); isolated noise peaks that crossed the threshold are mostly removed.
                var share = (float)(sum / count);
                result[t, k] = share >= 0.5f ? 1f : share;
            }
        }

        return result;
    }
}
