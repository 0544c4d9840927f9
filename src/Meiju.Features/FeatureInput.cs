namespace Meiju.Features;

/// <summary>The parts of an utterance's media an extractor reads.</summary>
[Flags]
public enum FeatureInput
{
    /// <summary>Nothing (never used by a real extractor).</summary>
    None = 0,

    /// <summary>Sampled video frames (<see cref="Meiju.Media.UtteranceMedia.Frames"/>).</summary>
    Frames = 1,

    /// <summary>16 kHz mono audio (<see cref="Meiju.Media.UtteranceMedia.Audio"/>).</summary>
    Audio = 2,

    /// <summary>Face crops (<see cref="Meiju.Media.UtteranceMedia.Faces"/>).</summary>
    Faces = 4,

    /// <summary>A text stream (<see cref="Meiju.Media.UtteranceMedia.Texts"/>).</summary>
    Text = 8,
}
