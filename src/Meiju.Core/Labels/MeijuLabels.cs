namespace Meiju.Labels;

/// <summary>
/// The MEIJU 2025 challenge vocabularies in the official order (the baseline's logit order), as declared in
/// <c>LabelSets/meiju-emotion.json</c> and <c>LabelSets/meiju-intent.json</c>.
/// </summary>
public static class MeijuLabels
{
    /// <summary>Emotion: happy 0, surprise 1, sad 2, disgust 3, anger 4, fear 5, neutral 6.</summary>
    public static LabelSet Emotion { get; } = LabelSetCatalog.Get("meiju-emotion");

    /// <summary>
    /// Intent: questioning 0, agreeing 1, acknowledging 2, encouraging 3, consoling 4, suggesting 5, wishing 6,
    /// neutral 7. The dataset paper's ninth intent, "sympathizing", never occurs in challenge data.
    /// </summary>
    public static LabelSet Intent { get; } = LabelSetCatalog.Get("meiju-intent");
}
