using Meiju.IO;
using Meiju.Media;
using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Options;
using NWaves.Filters.Fda;
using NWaves.Windows;

namespace Meiju.Features.Audio;

/// <summary>
/// Log-mel filterbank energies (natural log of power), 25 ms Hann frames every 10 ms at 16 kHz, mel bands from
/// 0 Hz to 8 kHz: [T, bands] with T ≈ 100 per second.
/// </summary>
public sealed class LogMelExtractor : IFeatureExtractor
{
    /// <summary>The rate the frames are computed at; other rates are resampled first.</summary>
    public const int SampleRate = 16000;

    private readonly FilterbankOptions _options;

    /// <summary>Creates the extractor with <paramref name="bands"/> mel bands (64 or 80 are usual).</summary>
    public LogMelExtractor(int bands = 64, string name = "logmel")
    {
        if (bands <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bands));
        }

        Name = name;
        Dimension = bands;
        const int fft = 512;
        var melBands = FilterBanks.MelBands(bands, SampleRate, 0, SampleRate / 2.0);
        _options = new FilterbankOptions
        {
            SamplingRate = SampleRate,
            FrameDuration = 0.025,
            HopDuration = 0.010,
            FftSize = fft,
            Window = WindowType.Hann,
            FilterBank = FilterBanks.Triangular(fft, SampleRate, melBands),
            SpectrumType = SpectrumType.Power,
            NonLinearity = NonLinearityType.LogE,
            LogFloor = 1e-10f,
        };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public FeatureInput Input => FeatureInput.Audio;

    /// <inheritdoc />
    public NpyArray Extract(UtteranceMedia media)
    {
        var samples = AudioResampling.At(AudioResampling.Require(media, Name), SampleRate);
        // Extractors keep per-frame buffers, so one per call keeps parallel items independent.
        var rows = new FilterbankExtractor(_options).ComputeFrom(samples);
        if (rows.Count == 0)
        {
            throw new FeatureInputMissingException("no_audio", $"{Name}: the audio of {media.SourcePath} is shorter than one 25 ms frame");
        }

        return FeatureArrays.Stack(rows, Dimension);
    }
}
