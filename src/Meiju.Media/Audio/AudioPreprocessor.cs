namespace Meiju.Media.Audio;

/// <summary>Runs the configured preprocessing steps on decoded audio.</summary>
public sealed class AudioPreprocessor
{
    private readonly AudioPreprocessingOptions _options;
    private readonly Lazy<SileroVad> _vad;

    /// <summary>Creates the preprocessor; the VAD model loads on first use.</summary>
    public AudioPreprocessor(AudioPreprocessingOptions options)
    {
        _options = options;
        _vad = new Lazy<SileroVad>(() => new SileroVad(options.VadModelPath));
    }

    /// <summary>The options in force.</summary>
    public AudioPreprocessingOptions Options => _options;

    /// <summary>Denoises, detects speech, trims and normalises <paramref name="audio"/> as configured.</summary>
    public PreprocessedAudio Process(AudioSignal audio)
    {
        var samples = audio.Samples;
        if (_options.NoiseReduction is { } gate && samples.Length > 0)
        {
            samples = gate.Apply(samples);
        }

        IReadOnlyList<SpeechSegment>? speech = null;
        var trimmedFrom = 0;
        if (_options.DetectSpeech)
        {
            if (audio.SampleRate != SileroVad.SampleRate)
            {
                throw new ArgumentException($"voice activity detection needs {SileroVad.SampleRate} Hz audio, got {audio.SampleRate} Hz");
            }

            speech = samples.Length == 0 ? [] : _vad.Value.Detect(samples, _options.VadThreshold);
            if (_options.TrimToSpeech && speech.Count > 0)
            {
                trimmedFrom = speech[0].Start;
                var end = speech[^1].End;
                samples = samples[trimmedFrom..end];
                speech = speech.Select(s => new SpeechSegment(s.Start - trimmedFrom, s.End - trimmedFrom)).ToArray();
            }
        }

        // Loudness last, measured on speech when VAD found some: silence around an utterance would otherwise lower
        // the RMS and make quiet-padded clips come out louder than tightly cut ones.
        samples = LoudnessNormalizer.Normalize(samples, _options.Loudness, _options.LoudnessTargetDbfs, speech);
        return new PreprocessedAudio(new AudioSignal(samples, audio.SampleRate), speech, trimmedFrom);
    }
}
