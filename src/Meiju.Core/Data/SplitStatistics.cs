namespace Meiju.Data;

/// <summary>Class counts of one split of a MEIJU layout.</summary>
/// <param name="Split">Which split.</param>
/// <param name="Path">The label list read.</param>
/// <param name="Utterances">Utterances listed.</param>
/// <param name="Labelled">Utterances with labels (0 for test lists).</param>
/// <param name="EmotionCounts">Count of each emotion class, in label-set order.</param>
/// <param name="IntentCounts">Count of each intent class, in label-set order.</param>
public sealed record SplitStatistics(
    MeijuSplit Split, string Path, int Utterances, int Labelled, IReadOnlyList<int> EmotionCounts, IReadOnlyList<int> IntentCounts);
