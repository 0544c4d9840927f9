namespace Meiju.Inference;

/// <summary>One clip of a batch: its analysis or why it failed, and the gold emotion when the file name gives one.</summary>
/// <param name="Path">The clip.</param>
/// <param name="Analysis">The analysis, or null when it failed.</param>
/// <param name="Error">The one-line reason it failed, or null.</param>
/// <param name="GoldEmotion">The emotion encoded in the file name (CREMA-D), or null.</param>
public sealed record ClipPrediction(string Path, ClipAnalysis? Analysis, string? Error, string? GoldEmotion)
{
    /// <summary>True/false when a gold emotion is known and the clip was analysed; null otherwise.</summary>
    public bool? EmotionCorrect => GoldEmotion is null || Analysis is null ? null : Analysis.TopEmotion.Label == GoldEmotion;
}

/// <summary>A batch's predictions and its summary.</summary>
/// <param name="Model">Model folder used.</param>
/// <param name="Items">One entry per input clip, in input order.</param>
public sealed record PredictionBatch(string Model, IReadOnlyList<ClipPrediction> Items)
{
    /// <summary>Clips that failed.</summary>
    public int Failed => Items.Count(i => i.Error is not null);

    /// <summary>Clips with a gold emotion that were analysed.</summary>
    public int WithGold => Items.Count(i => i.EmotionCorrect is not null);

    /// <summary>Of those, how many top emotions equal the gold one.</summary>
    public int EmotionsRight => Items.Count(i => i.EmotionCorrect == true);
}
