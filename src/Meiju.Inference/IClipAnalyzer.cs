namespace Meiju.Inference;

/// <summary>
/// Understands one clip end to end: decode, extract the model's features, run the model. The contract shared by
/// <c>meiju predict</c> and the local web page, so both show the same thing for the same file.
/// </summary>
public interface IClipAnalyzer
{
    /// <summary>Analyses the clip at <paramref name="path"/>; an optional transcript stands in for subtitles.</summary>
    /// <exception cref="MeijuDataException">The file cannot be read as media (the message names it).</exception>
    ClipAnalysis Analyze(string path, string? transcript = null, CancellationToken cancel = default);
}
