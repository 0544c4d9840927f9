using Meiju.IO;
using Meiju.Media;
using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Base;
using NWaves.FeatureExtractors.Options;
using NWaves.Windows;

namespace Meiju.Features.Audio;

/// <summary>
/// MFCC + prosody per 10 ms frame (25 ms Hamming window, 16 kHz): 13 MFCCs (c0 included), their deltas and
/// delta-deltas, pitch in Hz (autocorrelation, 60–500 Hz; 0 where the frame is silent or unvoiced) and log energy
/// (natural log of mean squared amplitude): [T, 41].
/// </summary>
public sealed class MfccProsodyExtractor : IFeatureExtractor
{
    /// <summary>The rate the frames are computed at; other rates are resampled first.</summary>
    public const int SampleRate = 16000;

    /// <summary>Column names in order, for docs and tests.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        [.. Enumerable.Range(0, 13).Select(i => $"mfcc{i}"), .. Enumerable.Range(0, 13).Select(i => $"d_mfcc{i}"),
         .. Enumerable.Range(0, 13).Select(i => $"dd_mfcc{i}"), "f0_hz", "log_energy"];

    private const int FrameSize = 400;
    private const int HopSize = 160;

    private readonly MfccOptions _mfcc = new()
    {
        SamplingRate = SampleRate,
        FeatureCount = 13,
        FrameDuration = 0.025,
        HopDuration = 0.010,
        FilterBankSize = 40,
        FftSize = 512,
        PreEmphasis = 0.97,
        Window = WindowType.Hamming,
    };

    private readonly PitchOptions _pitch = new()
    {
        SamplingRate = SampleRate,
        FrameDuration = 0.025,
        HopDuration = 0.010,
        LowFrequency = 60,
        HighFrequency = 500,
    };

    /// <summary>Creates the extractor.</summary>
    public MfccProsodyExtractor(string name = "mfcc_prosody")
    {
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Dimension => 41;

    /// <inheritdoc />
    public FeatureInput Input => FeatureInput.Audio;

    /// <inheritdoc />
    public NpyArray Extract(UtteranceMedia media)
    {
        var samples = AudioResampling.At(AudioResampling.Require(media, Name), SampleRate);
        var mfcc = new MfccExtractor(_mfcc).ComputeFrom(samples);
        var pitch = new PitchExtractor(_pitch).ComputeFrom(samples);
        var frames = Math.Min(mfcc.Count, pitch.Count);
        if (frames == 0)
        {
            throw new FeatureInputMissingException("no_audio", $"{Name}: the audio of {media.SourcePath} is shorter than one 25 ms frame");
        }

        var cepstra = mfcc.Take(frames).ToList();
        FeaturePostProcessing.AddDeltas(cepstra, includeDeltaDelta: true);

        var energy = new float[frames];
        var maxEnergy = float.NegativeInfinity;
        for (var t = 0; t < frames; t++)
        {
            double sum = 0;
            var start = t * HopSize;
            var end = Math.Min(samples.Length, start + FrameSize);
            for (var i = start; i < end; i++)
            {
                sum += samples[i] * (double)samples[i];
            }

            energy[t] = (float)Math.Log((sum / Math.Max(1, end - start)) + 1e-10);
            maxEnergy = Math.Max(maxEnergy, energy[t]);
        }

        var rows = new List<float[]>(frames);
        for (var t = 0; t < frames; t++)
        {
            var row = new float[Dimension];
            cepstra[t].AsSpan(0, 39).CopyTo(row);
            // Autocorrelation pitch is meaningless in silence: keep it only within 35 dB (ln ≈ 8) of the loudest
            // frame and above an absolute floor of about -60 dBFS.
            var voiced = energy[t] > maxEnergy - 8.0f && energy[t] > -13.8f;
            row[39] = voiced ? pitch[t][0] : 0f;
            row[40] = energy[t];
            rows.Add(row);
        }

        return FeatureArrays.Stack(rows, Dimension);
    }
}
