namespace Meiju.Features.Extraction;

/// <summary>One line of <c>extract-errors.jsonl</c>: what failed for which item, without stopping the batch.</summary>
/// <param name="Item">Utterance name.</param>
/// <param name="Path">Its media file.</param>
/// <param name="Feature">The feature that failed, or null when the media could not be loaded at all.</param>
/// <param name="Kind">
/// <c>corrupt</c> (cannot decode), <c>no_audio</c>, <c>no_frames</c>, <c>no_face</c>, <c>no_text</c>,
/// <c>unsupported_language</c>, <c>bad_output</c>, <c>duplicate_name</c> or <c>error</c> (anything unexpected).
/// </param>
/// <param name="Message">What happened, for people.</param>
public sealed record ExtractionError(string Item, string Path, string? Feature, string Kind, string Message);
