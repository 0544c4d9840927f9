namespace Meiju.Media.Audio;

/// <summary>
/// The paper's audio preprocessing, each step optional. Resampling to <see cref="SampleRate"/> always happens in
/// ffmpeg at decode time (soxr); the rest runs in this order: noise reduction, voice-activity trimming, loudness.
/// </summary>
public sealed record AudioPreprocessingOptions
{
    /// <summary>Target sample rate (16 kHz, what wav2vec/HuBERT and Silero VAD expect).</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Longest audio decoded, in seconds (a memory cap for very long files). Default 600.</summary>
    public double MaxSeconds { get; init; } = 600;

    /// <summary>Spectral-gating noise reduction; null (the default) skips it.</summary>
    public SpectralGate? NoiseReduction { get; init; }

    /// <summary>Run Silero VAD and record speech segments. Default on.</summary>
    public bool DetectSpeech { get; init; } = true;

    /// <summary>Cut leading and trailing non-speech (needs <see cref="DetectSpeech"/>). Default off.</summary>
    public bool TrimToSpeech { get; init; }

    /// <summary>Speech probability that starts a segment.</summary>
    public float VadThreshold { get; init; } = 0.5f;

    /// <summary>Silero VAD model file; null finds the shipped one (<see cref="ModelFiles.SileroVadV5"/>).</summary>
    public string? VadModelPath { get; init; }

    /// <summary>Loudness normalisation. Default RMS.</summary>
    public LoudnessMode Loudness { get; init; } = LoudnessMode.Rms;

    /// <summary>Target level in dBFS for <see cref="Loudness"/> (RMS -23 dBFS; use about -1 for peak).</summary>
    public double LoudnessTargetDbfs { get; init; } = -23;

    /// <summary>No processing beyond decoding to 16 kHz mono.</summary>
    public static AudioPreprocessingOptions None { get; } = new() { DetectSpeech = false, Loudness = LoudnessMode.None };
}
