namespace Meiju.Inference;

/// <summary>
/// How much one modality mattered for a clip: the drop in the predicted class's probability when that modality is
/// removed (masked) and the model runs on the rest. Positive = the modality supported the prediction.
/// </summary>
/// <param name="Modality">Modality letter as in model configs: V (vision), A (audio), T (text).</param>
/// <param name="Present">Whether the clip had this modality at all (no face, no audio, no text → false).</param>
/// <param name="EmotionDelta">p(predicted emotion | all) − p(predicted emotion | all but this modality).</param>
/// <param name="IntentDelta">The same for the predicted intent.</param>
public sealed record ModalityContribution(string Modality, bool Present, double EmotionDelta, double IntentDelta);
