namespace Meiju.Training;

/// <summary>Scores of one split: both F1 variants for both tasks, and the track's E, I and JRBM.</summary>
public sealed record SplitScores
{
    /// <summary>Emotion weighted F1.</summary>
    public double EmotionWeightedF1 { get; init; }

    /// <summary>Intent weighted F1.</summary>
    public double IntentWeightedF1 { get; init; }

    /// <summary>Emotion micro F1 (accuracy).</summary>
    public double EmotionMicroF1 { get; init; }

    /// <summary>Intent micro F1 (accuracy).</summary>
    public double IntentMicroF1 { get; init; }

    /// <summary>The track's emotion metric (weighted F1 for Track 1, micro for Track 2).</summary>
    public double Emotion { get; init; }

    /// <summary>The track's intent metric.</summary>
    public double Intent { get; init; }

    /// <summary>JRBM of <see cref="Emotion"/> and <see cref="Intent"/>.</summary>
    public double Jrbm { get; init; }
}
