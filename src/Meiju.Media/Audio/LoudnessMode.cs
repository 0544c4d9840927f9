namespace Meiju.Media.Audio;

/// <summary>How <see cref="LoudnessNormalizer"/> sets the level.</summary>
public enum LoudnessMode
{
    /// <summary>Leave the level as decoded.</summary>
    None,

    /// <summary>Scale so the highest absolute sample reaches the target (dBFS).</summary>
    Peak,

    /// <summary>Scale so the RMS reaches the target (dBFS), then limit the peak to -1 dBFS.</summary>
    Rms,
}
