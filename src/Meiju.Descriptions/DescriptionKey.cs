namespace Meiju.Descriptions;

/// <summary>What one stored answer is about: re-running with the same key reuses the answer instead of asking again.</summary>
/// <param name="Utterance">Utterance name (media file name without extension).</param>
/// <param name="Stream">The text stream the answer belongs to.</param>
/// <param name="Prompt">The prompt text sent.</param>
/// <param name="Model">The model name sent in the request.</param>
/// <param name="InputHash">SHA-256 (hex) of the media file, the modality and the decoder's fingerprint.</param>
public sealed record DescriptionKey(string Utterance, string Stream, string Prompt, string Model, string InputHash);
