namespace Meiju.Data;

/// <summary>One row of a MEIJU transcription CSV (<c>FileName, sentence, emotion, intent</c>).</summary>
/// <param name="Name">Utterance name without extension, as in the label lists.</param>
/// <param name="Sentence">The spoken words (may be empty).</param>
/// <param name="Emotion">Emotion class index, or -1 when the file has no emotion column or the cell is empty.</param>
/// <param name="Intent">Intent class index, or -1 when absent.</param>
/// <param name="Line">1-based line where the record starts, for error messages.</param>
public sealed record TranscriptionRow(string Name, string Sentence, int Emotion = -1, int Intent = -1, int Line = 0)
{
    /// <summary>True when both labels are present.</summary>
    public bool IsLabelled => Emotion >= 0 && Intent >= 0;
}
