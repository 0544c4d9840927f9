namespace Meiju.Features;

/// <summary>
/// The media lacks what an extractor needs (no audio stream, no face found, no text, an unsupported language).
/// The extraction job records it for the item and goes on with the batch.
/// </summary>
public sealed class FeatureInputMissingException : Exception
{
    /// <summary>Creates the exception with a machine-readable <paramref name="kind"/> and a message for people.</summary>
    public FeatureInputMissingException(string kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>
    /// One of <c>no_audio</c>, <c>no_frames</c>, <c>no_face</c>, <c>no_text</c>, <c>unsupported_language</c>,
    /// <c>empty_output</c>.
    /// </summary>
    public string Kind { get; }
}
