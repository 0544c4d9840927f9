namespace Meiju.Descriptions;

/// <summary>Which parts of an utterance's media a run still needs, so a source can skip decoding the rest.</summary>
[Flags]
public enum DescriptionMediaParts
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Sampled video frames.</summary>
    Frames = 1,

    /// <summary>The audio track.</summary>
    Audio = 2,

    /// <summary>Frames and audio.</summary>
    All = Frames | Audio,
}
