namespace Meiju.Media.Audio;

/// <summary>The outcome of <see cref="AudioPreprocessor.Process"/>.</summary>
/// <param name="Signal">The processed audio (never shortened to nothing: with no speech it stays untrimmed).</param>
/// <param name="Speech">Speech segments in <paramref name="Signal"/>'s samples; null when detection was off, empty when none was found.</param>
/// <param name="TrimmedFrom">Where the kept audio started in the decoded audio, in samples (0 when not trimmed).</param>
public sealed record PreprocessedAudio(AudioSignal Signal, IReadOnlyList<SpeechSegment>? Speech, int TrimmedFrom)
{
    /// <summary>True when detection ran and found no speech (silence, music, noise).</summary>
    public bool NoSpeech => Speech is { Count: 0 };
}
