namespace Meiju.Metrics;

/// <summary>The metric of each <see cref="ChallengeTrack"/>, and parsing the track number users type.</summary>
public static class ChallengeTrackExtensions
{
    /// <summary>Track 1 → weighted F1; Track 2 → micro F1.</summary>
    public static F1Average Metric(this ChallengeTrack track) => track switch
    {
        ChallengeTrack.Track1 => F1Average.Weighted,
        ChallengeTrack.Track2 => F1Average.Micro,
        _ => throw new ArgumentOutOfRangeException(nameof(track), track, "unknown track"),
    };

    /// <summary>The track numbered <paramref name="number"/> (1 or 2).</summary>
    /// <exception cref="ArgumentException">Any other number.</exception>
    public static ChallengeTrack FromNumber(int number) => number switch
    {
        1 => ChallengeTrack.Track1,
        2 => ChallengeTrack.Track2,
        _ => throw new ArgumentException($"track must be 1 or 2, not {number}", nameof(number)),
    };

    /// <summary>
    /// Guesses the track from a folder or file name (<c>Track1_English_origin</c> → 1); null when the name has no
    /// <c>track1</c>/<c>track2</c> in it.
    /// </summary>
    public static ChallengeTrack? FromName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var lower = name.ToLowerInvariant();
        var t1 = lower.Contains("track1", StringComparison.Ordinal) || lower.Contains("track_1", StringComparison.Ordinal);
        var t2 = lower.Contains("track2", StringComparison.Ordinal) || lower.Contains("track_2", StringComparison.Ordinal);
        return t1 == t2 ? null : t1 ? ChallengeTrack.Track1 : ChallengeTrack.Track2;
    }
}
