namespace Meiju.Data.Importers;

/// <summary>One utterance of an imported dataset.</summary>
/// <param name="Name">Stable utterance name (dataset, split, dialogue and turn), used for feature files.</param>
/// <param name="Sentence">The text.</param>
/// <param name="Emotion">Emotion class index in the dataset's emotion set.</param>
/// <param name="Intent">Intent class index in the dataset's intent set.</param>
/// <param name="Dialogue">The dialogue it belongs to (for dialogue-level subsampling), or the name itself.</param>
public sealed record ImportedUtterance(string Name, string Sentence, int Emotion, int Intent, string Dialogue);
