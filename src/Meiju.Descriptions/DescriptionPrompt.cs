namespace Meiju.Descriptions;

/// <summary>One question asked of every utterance; its answers form the text stream <paramref name="Stream"/>.</summary>
/// <param name="Stream">Name of the text stream the answers become (e.g. <c>visual_description</c>).</param>
/// <param name="Modality">Whether the frames or the audio go with the question.</param>
/// <param name="Text">The prompt sent to the model, verbatim.</param>
public sealed record DescriptionPrompt(string Stream, DescriptionModality Modality, string Text);
