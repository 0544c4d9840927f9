using System.Diagnostics;
using System.Text.Json;
using Meiju.Features.Text;
using Xunit.Abstractions;

namespace Meiju.Features.Tests.Text;

/// <summary>
/// Meiju's ids (Hugging Face's Rust tokenizers through Tokenizers.DotNet) equal an independent implementation's —
/// npm @huggingface/tokenizers, pure JS, reading the same tokenizer.json — on 300 real English (MELD) and 300 real
/// Mandarin (EmotionTalk) sentences, for byte-level BPE (RoBERTa-style), WordPiece (MiniLM's vocab.txt as the
/// BERT tokenizer.json Meiju builds) and Unigram (XLM-R layout).
/// </summary>
public sealed class TokenizerReferenceTests(ITestOutputHelper log) : IDisposable
{
    private const int PerLanguage = 300;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-tokenizer-reference-");

    public void Dispose() => _dir.Delete(recursive: true);

    [NodeReferenceFact(RealSentences.Meld, RealSentences.EmotionTalk)]
    public void Roberta_style_byte_level_bpe_matches_the_reference() =>
        AssertSameIds("roberta-style", TokenizerFixtures.RobertaStyle, TokenizerFixtures.Json(TokenizerFixtures.RobertaStyle));

    [NodeReferenceFact(RealSentences.Meld, RealSentences.EmotionTalk)]
    public void Minilm_wordpiece_matches_the_reference()
    {
        // The reference reads the tokenizer.json Meiju builds from vocab.txt; Meiju tokenises from the vocab.txt entry itself.
        var json = Path.Combine(_dir.FullName, "minilm-tokenizer.json");
        File.WriteAllText(json, BertTokenizerJson.FromVocab(TokenizerFixtures.MiniLmVocabLines(), lowercase: true, "MiniLM vocab.txt").ToJsonString());
        var settings = TokenizerFixtures.MiniLm;
        AssertSameIds("minilm wordpiece", json, TextTokenizer.For(new() { Vocab = settings.Vocab, Lowercase = true, MaxTokens = 512 }, null));
    }

    [NodeReferenceFact(RealSentences.Meld, RealSentences.EmotionTalk)]
    public void Unigram_matches_the_reference() =>
        AssertSameIds("unigram", TokenizerFixtures.Unigram, TokenizerFixtures.Json(TokenizerFixtures.Unigram));

    private void AssertSameIds(string what, string tokenizerJson, TextTokenizer tokenizer)
    {
        var texts = RealSentences.MeldDev().Take(PerLanguage).Concat(RealSentences.EmotionTalkChinese(PerLanguage)).ToList();
        var reference = ReferenceIds(tokenizerJson, texts);
        Assert.Equal(texts.Count, reference.Length);
        var differ = new List<string>();
        long tokens = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var ids = tokenizer.Encode(texts[i]).InputIds;
            Assert.True(ids.Length < 512, $"{what}: sentence {i} reached the 512-token cap; the reference does not truncate");
            tokens += ids.Length;
            if (!ids.SequenceEqual(reference[i]))
            {
                differ.Add($"{(i < PerLanguage ? "MELD dev" : "EmotionTalk")} #{i % PerLanguage}: Meiju {string.Join(' ', ids)} | reference {string.Join(' ', reference[i])}");
            }
        }

        log.WriteLine($"{what}: {texts.Count} sentences ({PerLanguage} English, {PerLanguage} Mandarin), {tokens} tokens, {differ.Count} differ");
        Assert.True(differ.Count == 0, $"{what}: {differ.Count} of {texts.Count} differ:\n{string.Join("\n", differ.Take(5))}");
    }

    private long[][] ReferenceIds(string tokenizerJson, IReadOnlyList<string> texts)
    {
        var input = Path.Combine(_dir.FullName, $"texts-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, JsonSerializer.Serialize(texts));
        var info = new ProcessStartInfo(NodeReferenceFactAttribute.NodeExecutable()!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = NodeReferenceFactAttribute.Folder,
        };
        info.ArgumentList.Add(Path.Combine(NodeReferenceFactAttribute.Folder, "encode.mjs"));
        info.ArgumentList.Add(tokenizerJson);
        info.ArgumentList.Add(input);
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        Assert.True(node.WaitForExit(120_000), "the node reference did not finish in 2 minutes");
        Assert.True(node.ExitCode == 0, $"node encode.mjs failed: {stderr.Result}");
        return JsonSerializer.Deserialize<long[][]>(stdout.Result)!;
    }
}
