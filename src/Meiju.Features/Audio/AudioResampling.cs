using Meiju.Media;
using NWaves.Operations;
using NWaves.Signals;

namespace Meiju.Features.Audio;

/// <summary>Brings audio to the rate an extractor expects (NWaves' band-limited resampler).</summary>
public static class AudioResampling
{
    /// <summary>The samples of <paramref name="audio"/> at <paramref name="sampleRate"/>.</summary>
    public static float[] At(AudioSignal audio, int sampleRate)
    {
        if (audio.SampleRate == sampleRate || audio.Samples.Length == 0)
        {
            return audio.Samples;
        }

        var signal = new DiscreteSignal(audio.SampleRate, audio.Samples, allocateNew: false);
        return new Resampler().Resample(signal, sampleRate).Samples;
    }

    /// <summary>Throws the per-item "no audio" error when the media has no usable audio.</summary>
    public static AudioSignal Require(UtteranceMedia media, string extractor)
    {
        if (media.Audio is not { } audio)
        {
            throw new FeatureInputMissingException("no_audio", $"{extractor}: {media.SourcePath} has no audio stream");
        }

        if (audio.Samples.Length == 0 || audio.SampleRate <= 0)
        {
            throw new FeatureInputMissingException("no_audio", $"{extractor}: the audio of {media.SourcePath} is empty");
        }

        return audio;
    }
}
