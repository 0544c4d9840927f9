using System.Globalization;
using Meiju.Features.Text;
using Meiju.IO;
using Xunit.Abstractions;

namespace Meiju.Features.Tests.Text;

/// <summary>
/// The default MiniLM features are unchanged by the move to Hugging Face's tokenizers: ids and features equal what
/// the previous tokeniser (FastBertTokenizer 1.2.6) gave on real sentences, frozen before the swap by
/// tests/fixtures-src/freeze_minilm_wordpiece.cs into Fixtures/minilm-frozen (sentence and id hashes, no text).
/// </summary>
public sealed class MiniLmFrozenTokenizationTests(ITestOutputHelper log)
{
    private static readonly string Frozen = Path.Combine(TokenizerFixtures.Folder, "minilm-frozen");

    private static Dictionary<string, IReadOnlyList<string>> Sources() => new()
    {
        ["meld-dev"] = RealSentences.MeldDev(),
        ["dailydialog-validation"] = RealSentences.DailyDialogValidation(),
    };

    [SharedDataFact(RealSentences.Meld, RealSentences.DailyDialog)]
    public void Wordpiece_ids_equal_the_frozen_ones_on_1709_real_sentences()
    {
        var sources = Sources();
        var tokenizer = TextTokenizer.For(TokenizerFixtures.MiniLm, null);
        var rows = File.ReadAllLines(Path.Combine(Frozen, "wordpiece-ids.tsv")).Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        var differ = new List<string>();
        var truncated = 0;
        foreach (var row in rows)
        {
            var text = sources[row[0]][int.Parse(row[1], CultureInfo.InvariantCulture)];
            Assert.True(RealSentences.Sha16(text) == row[2], $"{row[0]} #{row[1]} is not the sentence the fixture was made from (data changed?)");
            var ids = tokenizer.Encode(text).InputIds;
            truncated += ids.Length == 128 ? 1 : 0;
            var bytes = new byte[ids.Length * sizeof(long)];
            Buffer.BlockCopy(ids, 0, bytes, 0, bytes.Length);
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16].ToLowerInvariant();
            if (hash != row[4] || ids.Length.ToString(CultureInfo.InvariantCulture) != row[3])
            {
                differ.Add($"{row[0]} #{row[1]}: {ids.Length} tokens (frozen {row[3]}): {string.Join(' ', ids)}");
            }
        }

        log.WriteLine($"{rows.Count} sentences, {truncated} truncated to 128 tokens, {differ.Count} differ");
        Assert.Equal(1709, rows.Count);
        Assert.True(differ.Count == 0, string.Join("\n", differ.Take(5)));
    }

    [SharedDataFact(RealSentences.Meld, RealSentences.DailyDialog)]
    public void Minilm_features_equal_the_frozen_ones()
    {
        var sources = Sources();
        var registry = new FeatureRegistry();
        var tokens = registry.Create("minilm_tokens");
        var sentence = registry.Create("minilm_sentence");
        var frozenSentences = NpyFile.Read(Path.Combine(Frozen, "minilm_sentence.npy"));
        var frozenTokens = NpyFile.Read(Path.Combine(Frozen, "minilm_tokens_first2.npy"));
        var sentenceRows = new List<float>();
        var tokenRows = new List<float>();
        foreach (var (source, texts) in sources)
        {
            for (var i = 0; i < 12; i++)
            {
                var media = TestMedia.WithText(texts[i], $"{source}-{i}");
                sentenceRows.AddRange(sentence.Extract(media).Data);
                if (i < 2)
                {
                    tokenRows.AddRange(tokens.Extract(media).Data);
                }
            }
        }

        var sentenceDiff = MaxDifference(frozenSentences.Data, sentenceRows);
        var tokenDiff = MaxDifference(frozenTokens.Data, tokenRows);
        log.WriteLine($"largest difference: minilm_sentence {sentenceDiff:E2} (24 sentences), minilm_tokens {tokenDiff:E2} ({frozenTokens.Shape[0]} token rows)");
        // Same ids into the same ONNX model: equal up to ONNX Runtime's kernels on another CPU.
        Assert.True(sentenceDiff <= 1e-5, $"minilm_sentence differs by {sentenceDiff}");
        Assert.True(tokenDiff <= 1e-5, $"minilm_tokens differs by {tokenDiff}");
    }

    private static double MaxDifference(float[] frozen, List<float> actual)
    {
        Assert.Equal(frozen.Length, actual.Count);
        return frozen.Select((v, i) => Math.Abs(v - actual[i])).Max();
    }
}
