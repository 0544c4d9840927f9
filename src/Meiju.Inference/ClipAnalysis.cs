namespace Meiju.Inference;

/// <summary>What Meiju understood of one clip, with what a user needs to check it (faces, subtitle, waveform).</summary>
public sealed record ClipAnalysis
{
    /// <summary>The clip's file name (no directory).</summary>
    public required string Clip { get; init; }

    /// <summary>Emotion probabilities, highest first.</summary>
    public required IReadOnlyList<ClassProbability> Emotion { get; init; }

    /// <summary>Intent probabilities, highest first.</summary>
    public required IReadOnlyList<ClassProbability> Intent { get; init; }

    /// <summary>Per-modality contributions (one per modality the model has).</summary>
    public required IReadOnlyList<ModalityContribution> Contributions { get; init; }

    /// <summary>The text the text modality read (transcript or OCR of burned-in subtitles); null when none.</summary>
    public string? Text { get; init; }

    /// <summary>A few face crops as PNG bytes, in time order (empty when no face was found).</summary>
    public IReadOnlyList<byte[]> FacePngs { get; init; } = [];

    /// <summary>Audio envelope for drawing: peak absolute amplitude per bucket, in [0, 1] (empty without audio).</summary>
    public IReadOnlyList<float> Waveform { get; init; } = [];

    /// <summary>Clip duration in seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>
    /// Wall seconds per stage (decode, features, model), for latency reports; <see cref="ClipAnalyzer"/> adds the
    /// parts of decode as <c>decode.probe</c>, <c>decode.frames</c>, <c>decode.audio</c>, <c>decode.faces</c>, ...
    /// </summary>
    public IReadOnlyDictionary<string, double> StageSeconds { get; init; } = new Dictionary<string, double>();

    /// <summary>Non-fatal problems (no face found, no audio stream, no text), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The top emotion.</summary>
    public ClassProbability TopEmotion => Emotion[0];

    /// <summary>The top intent.</summary>
    public ClassProbability TopIntent => Intent[0];
}
