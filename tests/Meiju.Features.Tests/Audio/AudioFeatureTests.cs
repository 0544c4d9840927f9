using Meiju.Features.Audio;

namespace Meiju.Features.Tests.Audio;

public class AudioFeatureTests
{
    [Fact]
    public void LogMel_has_100_frames_per_second_and_the_band_count()
    {
        var features = new LogMelExtractor(64).Extract(TestMedia.WithAudio(TestMedia.Tone(1.0)));
        Assert.Equal(64, features.Shape[1]);
        Assert.InRange(features.Shape[0], 97, 100);
        Assert.All(features.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void LogMel_peaks_in_the_band_of_the_tone()
    {
        var features = new LogMelExtractor(64).Extract(TestMedia.WithAudio(TestMedia.Tone(0.5, f0: 150)));
        var mean = FeatureArrays.MeanRows(features);
        var loudest = Array.IndexOf(mean, mean.Max());
        // 150 Hz sits in the lowest few mel bands of 64 spanning 0–8 kHz.
        Assert.InRange(loudest, 0, 8);
    }

    [Fact]
    public void LogMel_resamples_other_rates()
    {
        var at8k = new LogMelExtractor(80).Extract(TestMedia.WithAudio(TestMedia.Tone(1.0, rate: 8000), rate: 8000));
        Assert.Equal(80, at8k.Shape[1]);
        Assert.InRange(at8k.Shape[0], 97, 100);
    }

    [Fact]
    public void MfccProsody_finds_the_pitch_of_a_tone_and_zeroes_it_in_silence()
    {
        var tone = TestMedia.Tone(1.0, f0: 150);
        var samples = new float[tone.Length + 8000];
        tone.CopyTo(samples, 0);
        var features = new MfccProsodyExtractor().Extract(TestMedia.WithAudio(samples));
        Assert.Equal(41, features.Shape[1]);
        var f0Col = MfccProsodyExtractor.Columns.ToList().IndexOf("f0_hz");
        var voiced = Enumerable.Range(5, 80).Select(t => features.Data[(t * 41) + f0Col]).ToList();
        Assert.InRange(voiced.OrderBy(v => v).ElementAt(voiced.Count / 2), 140f, 160f);
        var silent = Enumerable.Range(features.Shape[0] - 30, 25).Select(t => features.Data[(t * 41) + f0Col]);
        Assert.All(silent, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Missing_audio_is_a_per_item_error()
    {
        var e = Assert.Throws<FeatureInputMissingException>(() => new LogMelExtractor().Extract(TestMedia.Empty()));
        Assert.Equal("no_audio", e.Kind);
        var empty = Assert.Throws<FeatureInputMissingException>(() => new MfccProsodyExtractor().Extract(TestMedia.WithAudio([])));
        Assert.Equal("no_audio", empty.Kind);
    }
}
