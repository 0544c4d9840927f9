namespace Meiju.Media.Decoding;

/// <summary>
/// Which frames to decode and how large they may be. Either every <see cref="EveryNth"/> frame (the official
/// baseline samples every 10th) or a fixed <see cref="FramesPerSecond"/>. The caps keep memory bounded on long
/// input: a 2-hour 25 fps video sampled every 10th frame would otherwise be 18,000 frames (≈ 12 GB at 640×360).
/// </summary>
public sealed record FrameSampling
{
    /// <summary>Keep frame 0, N, 2N, … (ignored when <see cref="FramesPerSecond"/> is set). Default 10.</summary>
    public int EveryNth { get; init; } = 10;

    /// <summary>When set, sample at this fixed rate instead of every Nth frame.</summary>
    public double? FramesPerSecond { get; init; }

    /// <summary>Stop after this many sampled frames (ffmpeg stops decoding there). Default 300.</summary>
    public int MaxFrames { get; init; } = 300;

    /// <summary>Scale frames down (keeping aspect) so that the longer side is at most this. Default 640.</summary>
    public int MaxSide { get; init; } = 640;

    /// <summary>The baseline's sampling: every 10th frame.</summary>
    public static FrameSampling Baseline { get; } = new();

    /// <summary>Fails with a clear message on values that cannot work.</summary>
    public void Validate()
    {
        if (EveryNth < 1)
        {
            throw new ArgumentException($"frame sampling: every-Nth must be ≥ 1, got {EveryNth}");
        }

        if (FramesPerSecond is { } fps && !(fps > 0 && double.IsFinite(fps)))
        {
            throw new ArgumentException($"frame sampling: fps must be > 0, got {fps}");
        }

        if (MaxFrames < 1 || MaxSide < 16)
        {
            throw new ArgumentException($"frame sampling: max frames must be ≥ 1 and max side ≥ 16 (got {MaxFrames}, {MaxSide})");
        }
    }

    /// <summary>Output size for a <paramref name="width"/> × <paramref name="height"/> stream (even sides).</summary>
    public (int Width, int Height) OutputSize(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            return (0, 0);
        }

        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(width, height));
        static int Even(double v) => Math.Max(2, (int)Math.Round(v / 2) * 2);
        return (Even(width * scale), Even(height * scale));
    }

    /// <summary>
    /// Source frame index and time (seconds) of the <paramref name="k"/>-th sampled frame of a stream at
    /// <paramref name="streamFps"/>: every decoder reports positions the same way.
    /// </summary>
    public (int Index, double Time) Position(int k, double streamFps)
    {
        if (FramesPerSecond is { } rate)
        {
            var time = k / rate;
            return ((int)Math.Round(time * streamFps), time);
        }

        var index = k * EveryNth;
        return (index, index / streamFps);
    }
}
