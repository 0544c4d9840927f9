namespace Meiju.Inference;

/// <summary>Settings of a <see cref="ClipAnalyzer"/>.</summary>
public sealed record ClipAnalyzerOptions
{
    /// <summary>
    /// A transcript CSV (<c>FileName,sentence</c>, like <c>samples/cremad/transcripts.csv</c>): a clip whose file name
    /// (without extension) is listed gets that sentence as its text. Null: none.
    /// </summary>
    public string? TranscriptsCsv { get; init; }

    /// <summary>
    /// Read burned-in subtitles with OCR when no transcript is given (slow: tesseract on every sampled frame).
    /// There is no offline speech recogniser, so without a transcript or subtitles a clip has no text.
    /// </summary>
    public bool Ocr { get; init; }

    /// <summary>Clips longer than this (from the container's duration) are refused before decoding.</summary>
    public double MaxDurationSeconds { get; init; } = 300;

    /// <summary>Face crops returned as PNG (spread over the clip).</summary>
    public int FacePngCount { get; init; } = 4;

    /// <summary>Buckets of the waveform envelope.</summary>
    public int WaveformBuckets { get; init; } = 200;

    /// <summary>Run the model on the CPU even when a GPU is there.</summary>
    public bool Cpu { get; init; } = true;

    /// <summary>Path of the tfjs facial-expression model (default: the npm package's).</summary>
    public string? FerModel { get; init; }
}
