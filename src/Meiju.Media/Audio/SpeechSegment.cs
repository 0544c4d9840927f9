namespace Meiju.Media.Audio;

/// <summary>A stretch of detected speech, in samples of the audio it was found in.</summary>
/// <param name="Start">First sample.</param>
/// <param name="End">One past the last sample.</param>
public readonly record struct SpeechSegment(int Start, int End)
{
    /// <summary>Length in samples.</summary>
    public int Length => End - Start;
}
