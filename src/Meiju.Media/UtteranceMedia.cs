namespace Meiju.Media;

/// <summary>
/// Everything the feature extractors read from one utterance's media: sampled frames, preprocessed 16 kHz audio,
/// the speaker's face crops and the utterance's text. Any part may be absent (audio-only file, no face found,
/// no subtitle), and extractors that need a missing part report it per item rather than failing the batch.
/// </summary>
/// <param name="Name">Utterance name (file name without extension); feature files are written as <c>Name.npy</c>.</param>
/// <param name="SourcePath">The media file it came from.</param>
/// <param name="Frames">Frames sampled at the configured rate (empty for audio-only input).</param>
/// <param name="Audio">Mono 16 kHz audio after preprocessing, or null when the file has no audio stream.</param>
/// <param name="Faces">Face crops, one per sampled frame where a face was found.</param>
/// <param name="Texts">Named text streams (e.g. <c>subtitle</c>, <c>transcript</c>, <c>visual_description</c>).</param>
public sealed record UtteranceMedia(
    string Name,
    string SourcePath,
    IReadOnlyList<VideoFrame> Frames,
    AudioSignal? Audio,
    IReadOnlyList<FaceCrop> Faces,
    IReadOnlyDictionary<string, string> Texts)
{
    /// <summary>
    /// Speech segments (in <see cref="Audio"/>'s samples) found by voice-activity detection; null when detection
    /// was off or there is no audio, empty when the audio holds no speech.
    /// </summary>
    public IReadOnlyList<Audio.SpeechSegment>? Speech { get; init; }

    /// <summary>
    /// Non-fatal findings a per-item report should show: "no audio stream", "no speech detected", "no face
    /// found", "frames capped at N", "no subtitle text".
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Wall-clock seconds spent in each loading stage ("decode" when one ffmpeg run decoded frames and audio, else "probe", "frames" and "audio"; "preprocess", "faces", "ocr"),
    /// so a benchmark can split decoding time from extractor time.
    /// </summary>
    public IReadOnlyDictionary<string, double> StageSeconds { get; init; } = new Dictionary<string, double>();

    /// <summary>The container's duration in seconds (NaN when it does not say): the numerator of a real-time factor.</summary>
    public double DurationSeconds { get; init; } = double.NaN;
}
