using Meiju.IO;
using Xunit.Abstractions;

namespace Meiju.Tests.Cli.Encoders;

/// <summary>
/// `meiju extract` with the docs/extractors.md manifest entries reproduces PyTorch's outputs of the real
/// architectures (torchvision ResNet-50 and ViT-B/32, torchaudio wav2vec 2.0 and HuBERT, narrowed) on the CREMA-D
/// clips: Fixtures/encoders, made by tests/fixtures-src/make_encoder_fixtures.py. The audio is cut into 0.75 s
/// chunks, and two entries combine four hidden layers.
/// </summary>
public sealed class EncoderParityTests : IDisposable
{
    /// <summary>Largest difference allowed, relative to the largest reference value of the encoder.</summary>
    private const double Tolerance = 1e-4;

    private const string Clips = "cremad-clips/video_flv";
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("meiju-encoder-parity-");
    private readonly ITestOutputHelper _log;

    public EncoderParityTests(ITestOutputHelper log) => _log = log;

    internal static string Fixtures { get; } = Path.Combine(SharedData.RepoRoot, "tests", "Meiju.Cli.Tests", "Fixtures", "encoders");

    public void Dispose() => _out.Delete(recursive: true);

    [SharedDataFact(Clips)]
    public void Every_encoder_matches_pytorch_on_the_decoded_clips() =>
        // --loudness none: the audio encoders see the decoded waveform, exactly what the reference fed PyTorch.
        AssertParity(["resnet50", "vit_b32", "vit_b32_last4_mean", "wav2vec2", "wav2vec2_last4", "hubert"], Tolerance, "--loudness", "none");

    [SharedDataFact(Clips)]
    public void Per_chunk_normalisation_removes_the_default_loudness_gain_up_to_its_epsilon() =>
        // The default RMS loudness step scales each clip by one gain; HuBERT's entry normalises each chunk, which
        // divides it out except where a nearly silent chunk's variance is comparable to the 1e-7 epsilon (4.4e-4 of
        // the largest value on these clips when measured).
        AssertParity(["hubert"], 1e-3);

    private void AssertParity(string[] features, double tolerance, params string[] extra)
    {
        var (code, output) = CliHarness.Run(
        [
            "extract", "--videos", SharedData.PathOf(Clips), "--out", _out.FullName,
            "--manifest", Path.Combine(Fixtures, "manifest.json"), "-f", string.Join(",", features), .. extra,
        ]);
        Assert.True(code == 0, output);
        foreach (var feature in features)
        {
            var references = Directory.GetFiles(Path.Combine(Fixtures, "reference", feature), "*.npy");
            Assert.Equal(6, references.Length);
            double largest = 0, worst = 0;
            foreach (var referencePath in references)
            {
                var reference = NpyFile.Read(referencePath);
                var actual = NpyFile.Read(Path.Combine(_out.FullName, feature, Path.GetFileName(referencePath)));
                Assert.True(reference.Shape.SequenceEqual(actual.Shape),
                    $"{feature}/{Path.GetFileName(referencePath)}: shape {string.Join("x", actual.Shape)}, PyTorch {string.Join("x", reference.Shape)}");
                for (var i = 0; i < reference.Data.Length; i++)
                {
                    largest = Math.Max(largest, Math.Abs(reference.Data[i]));
                    worst = Math.Max(worst, Math.Abs(reference.Data[i] - actual.Data[i]));
                }
            }

            _log.WriteLine($"{feature}: largest |reference| {largest:F3}, largest difference {worst:E2} = {worst / largest:E2} of it");
            Assert.True(largest > 0.5, $"{feature}: reference values too small to compare ({largest})");
            Assert.True(worst <= tolerance * largest, $"{feature}: largest difference {worst:E2} > {tolerance:E0} x {largest:F3}");
        }
    }
}
