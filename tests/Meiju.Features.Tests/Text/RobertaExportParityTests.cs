using System.Globalization;
using Meiju.Features.Extraction;
using Meiju.Features.Models;
using Meiju.IO;
using Xunit.Abstractions;

namespace Meiju.Features.Tests.Text;

/// <summary>
/// A RoBERTa-architecture export (Fixtures/roberta, made by tests/fixtures-src/make_roberta_fixture.py with the
/// export code of docs/extractors.md) with its byte-level BPE tokenizer.json, run by the extraction job that
/// <c>meiju extract</c> / <c>meiju extract-text</c> use with the docs' manifest entries, reproduces PyTorch's [T, D]
/// token features on real MELD sentences: last_hidden_state, the sum of the last four layers (the baseline's English
/// text feature) and a truncated entry.
/// </summary>
public sealed class RobertaExportParityTests(ITestOutputHelper log) : IDisposable
{
    /// <summary>Largest difference allowed, relative to the largest reference value of the feature.</summary>
    private const double Tolerance = 1e-4;

    private static readonly string Fixture = Path.Combine(TokenizerFixtures.Folder, "roberta");
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-roberta-parity-");

    public void Dispose() => _dir.Delete(recursive: true);

    [SharedDataFact(RealSentences.Meld)]
    public async Task Extraction_matches_pytorch_on_real_sentences()
    {
        var csv = WriteTranscripts();
        var loader = new TranscriptMediaLoader([csv]);
        var registry = new FeatureRegistry(ModelManifest.Load(Path.Combine(Fixture, "manifest.json")));
        string[] features = ["roberta", "roberta_last4", "roberta_short"];
        var outDir = Path.Combine(_dir.FullName, "features");
        var report = await new FeatureExtractionJob(loader, registry.Create(features), new ExtractionJobOptions(outDir, 2)).RunAsync(loader.Inputs);
        Assert.Equal(loader.Count, report.Completed);

        foreach (var feature in features)
        {
            var references = Directory.GetFiles(Path.Combine(Fixture, "reference", feature), "*.npy");
            Assert.Equal(loader.Count, references.Length);
            double largest = 0, worst = 0;
            var truncated = 0;
            foreach (var referencePath in references)
            {
                var reference = NpyFile.Read(referencePath);
                var actual = NpyFile.Read(Path.Combine(outDir, feature, Path.GetFileName(referencePath)));
                Assert.True(reference.Shape.SequenceEqual(actual.Shape),
                    $"{feature}/{Path.GetFileName(referencePath)}: shape {string.Join("x", actual.Shape)}, PyTorch {string.Join("x", reference.Shape)}");
                truncated += reference.Shape[0] == 12 ? 1 : 0;
                for (var i = 0; i < reference.Data.Length; i++)
                {
                    largest = Math.Max(largest, Math.Abs(reference.Data[i]));
                    worst = Math.Max(worst, Math.Abs(reference.Data[i] - actual.Data[i]));
                }
            }

            log.WriteLine($"{feature}: {references.Length} sentences, largest |reference| {largest:F3}, largest difference {worst:E2} = {worst / largest:E2} of it");
            Assert.True(largest > 0.5, $"{feature}: reference values too small to compare ({largest})");
            Assert.True(worst <= Tolerance * largest, $"{feature}: largest difference {worst:E2} > {Tolerance:E0} x {largest:F3}");
            if (feature == "roberta_short")
            {
                Assert.True(truncated >= 5, $"only {truncated} sentences reached maxTokens 12; the fixture should truncate several");
            }
        }
    }

    [Fact]
    public void Models_check_passes_the_entries_and_names_a_missing_tokenizer()
    {
        var manifest = ModelManifest.Load(Path.Combine(Fixture, "manifest.json"));
        var options = new ModelCheckOptions { Runs = 1 };
        Assert.All(ModelCheck.Run(manifest, options), r => Assert.True(r.Ok, r.Problem));

        var entry = manifest.Models[0];
        entry.Text!.Tokenizer = "../tokenizers/missing.json";
        var broken = ModelCheck.Check(entry, manifest.BaseDirectory, options);
        Assert.False(broken.Ok);
        Assert.Contains("'text.tokenizer' not found", broken.Problem, StringComparison.Ordinal);
    }

    /// <summary>The fixture's MELD sentences as a transcription CSV (in the test's temporary folder only).</summary>
    private string WriteTranscripts()
    {
        var meld = RealSentences.MeldDev();
        var lines = new List<string> { "FileName,sentence" };
        foreach (var row in File.ReadAllLines(Path.Combine(Fixture, "sentences.tsv")).Where(l => !l.StartsWith('#')))
        {
            var parts = row.Split('\t');
            var index = int.Parse(parts[0], CultureInfo.InvariantCulture);
            Assert.True(RealSentences.Sha256(meld[index]) == parts[1], $"MELD dev #{index} is not the sentence the fixture was made from (data changed?)");
            lines.Add($"meld-dev-{index},\"{meld[index].Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        }

        var path = Path.Combine(_dir.FullName, "Validation_transcription.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
