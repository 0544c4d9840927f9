using Meiju.Media.Decoding;
using Meiju.Media.Audio;

namespace Meiju.Media.Tests;

public sealed class AudioTests
{
    private static float[] Sine(int n, double freq, double amplitude, int rate = 16000) =>
        Enumerable.Range(0, n).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * freq * i / rate))).ToArray();

    private static float[] Noise(int n, double amplitude, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(amplitude * (rng.NextDouble() * 2 - 1))).ToArray();
    }

    private static double Rms(ReadOnlySpan<float> x) => LoudnessNormalizer.RmsDbfs(x);

    [Fact]
    public void Fft_round_trip_restores_the_signal()
    {
        var x = Noise(256, 1, 1);
        var re = (float[])x.Clone();
        var im = new float[256];
        Fft.Transform(re, im, inverse: false);
        Fft.Transform(re, im, inverse: true);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], re[i], 1e-4f);
        }
    }

    [Fact]
    public void Rms_normalisation_reaches_the_target()
    {
        var x = Sine(16000, 200, 0.05);
        var y = LoudnessNormalizer.Normalize(x, LoudnessMode.Rms, -20);
        Assert.Equal(-20, Rms(y), 1);
    }

    [Fact]
    public void Rms_normalisation_never_clips_past_minus_one_dbfs()
    {
        // A loud click in quiet audio: reaching -10 dBFS RMS would push the click far past full scale.
        var x = new float[16000];
        x[100] = 0.5f;
        var y = LoudnessNormalizer.Normalize(x, LoudnessMode.Rms, -10);
        Assert.InRange(LoudnessNormalizer.PeakDbfs(y), -1.01, -0.99);
    }

    [Fact]
    public void Rms_can_be_measured_on_speech_only()
    {
        // Half silence, half tone: measured on the tone alone, the tone reaches the target.
        var x = new float[32000];
        Sine(16000, 200, 0.05).CopyTo(x, 16000);
        var y = LoudnessNormalizer.Normalize(x, LoudnessMode.Rms, -20, [new SpeechSegment(16000, 32000)]);
        Assert.Equal(-20, Rms(y.AsSpan(16000)), 1);
        Assert.Equal(-23, Rms(y), 1);
    }

    [Fact]
    public void Peak_normalisation_and_silence()
    {
        var y = LoudnessNormalizer.Normalize(Sine(1600, 100, 0.1), LoudnessMode.Peak, -3);
        Assert.Equal(-3, LoudnessNormalizer.PeakDbfs(y), 1);
        var silence = LoudnessNormalizer.Normalize(new float[1000], LoudnessMode.Rms, -23);
        Assert.All(silence, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void Spectral_gate_lowers_noise_and_keeps_the_tone()
    {
        // 1 s of noise alone, then 1 s of tone in noise: the gate learns the floor from the quiet part.
        var n = 32000;
        var noise = Noise(n, 0.02, 7);
        var tone = Sine(n, 500, 0.3);
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = noise[i] + (i >= 16000 ? tone[i] : 0);
        }

        var y = new SpectralGate().Apply(x);
        Assert.Equal(n, y.Length);
        var noiseBefore = Rms(x.AsSpan(2000, 12000));
        var noiseAfter = Rms(y.AsSpan(2000, 12000));
        Assert.True(noiseAfter < noiseBefore - 10, $"noise {noiseBefore:F1} → {noiseAfter:F1} dBFS");
        var toneAfter = Rms(y.AsSpan(18000, 12000));
        Assert.InRange(toneAfter, Rms(tone.AsSpan(18000, 12000)) - 1, Rms(tone.AsSpan(18000, 12000)) + 1);
    }

    [Fact]
    public void Spectral_gate_handles_silence_and_tiny_input()
    {
        Assert.All(new SpectralGate().Apply(new float[5000]), s => Assert.Equal(0f, s));
        Assert.Equal(3, new SpectralGate().Apply([0.1f, -0.1f, 0.2f]).Length);
        Assert.Empty(new SpectralGate().Apply([]));
    }

    [Fact]
    public void Vad_finds_no_speech_in_silence_or_a_steady_tone()
    {
        var vad = new SileroVad();
        Assert.Empty(vad.Detect(new float[16000]));
        Assert.Empty(vad.Detect(Sine(16000, 1000, 0.3)));
        Assert.Empty(vad.Detect([]));
    }

    [SharedDataFact("cremad-clips/audio_wav16k")]
    public async Task Vad_finds_real_speech_and_trimming_cuts_the_padding()
    {
        var wav = Directory.GetFiles(SharedData.PathOf("cremad-clips/audio_wav16k"), "*.wav").Order().First();
        var probe = await MediaProber.ProbeAsync(wav);
        var speech = (await AudioDecoder.ReadAsync(probe))!.Samples;
        // One second of silence on each side of a real utterance.
        var padded = new float[speech.Length + 32000];
        speech.CopyTo(padded, 16000);
        var processor = new AudioPreprocessor(new AudioPreprocessingOptions { TrimToSpeech = true });
        var result = processor.Process(new AudioSignal(padded, 16000));
        Assert.NotNull(result.Speech);
        Assert.NotEmpty(result.Speech!);
        Assert.InRange(result.TrimmedFrom, 14000, 16000 + speech.Length / 2);
        Assert.True(result.Signal.Samples.Length <= speech.Length + 2000, $"kept {result.Signal.Samples.Length} of {padded.Length}");
        Assert.Equal(-23, LoudnessNormalizer.RmsDbfs(result.Signal.Samples, result.Speech!), 1);
    }
}
