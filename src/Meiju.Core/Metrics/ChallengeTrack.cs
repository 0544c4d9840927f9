namespace Meiju.Metrics;

/// <summary>A MEIJU 2025 track; the track decides which F1 ranks submissions (see <see cref="ChallengeTrackExtensions"/>).</summary>
public enum ChallengeTrack
{
    /// <summary>Low-resource track; ranked by weighted F1.</summary>
    Track1 = 1,

    /// <summary>Imbalanced track; ranked by micro F1.</summary>
    Track2 = 2,
}
