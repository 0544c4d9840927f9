namespace Meiju.Data;

/// <summary>One row of a predictions (submission) file: an utterance and its predicted class indices.</summary>
/// <param name="Name">Utterance name without extension.</param>
/// <param name="Emotion">Predicted emotion class index.</param>
/// <param name="Intent">Predicted intent class index.</param>
/// <param name="Line">1-based line in the file it came from, for error messages.</param>
public sealed record UtterancePrediction(string Name, int Emotion, int Intent, int Line = 0);
