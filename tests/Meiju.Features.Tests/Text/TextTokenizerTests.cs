using System.Text.Json.Nodes;
using Meiju.Features.Models;
using Meiju.Features.Text;

namespace Meiju.Features.Tests.Text;

/// <summary>
/// <see cref="TextTokenizer"/> (Hugging Face tokenizers through Tokenizers.DotNet) on the three model types: the
/// model's special tokens, truncation that keeps them, the mask, concurrency, and one-line errors for bad files.
/// </summary>
public sealed class TextTokenizerTests : IDisposable
{
    private static readonly string LongText = string.Join(" ", Enumerable.Repeat("Well, I never said that you were wrong about the weather today.", 20));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-tokenizer-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Minilm_vocab_gives_berts_ids_with_cls_and_sep()
    {
        var encoded = TextTokenizer.For(TokenizerFixtures.MiniLm, null).Encode("I am so happy today");
        // bert-base-uncased / MiniLM: [CLS]=101 i=1045 am=2572 so=2061 happy=3407 today=2651 [SEP]=102.
        Assert.Equal([101, 1045, 2572, 2061, 3407, 2651, 102], encoded.InputIds);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1], encoded.AttentionMask);
        Assert.Equal(new long[7], encoded.TokenTypeIds);
    }

    [Fact]
    public void Roberta_style_bpe_shifts_gpt2_ids_behind_robertas_special_tokens()
    {
        // GPT-2: "Hello" = 15496, " world" = 995; RoBERTa's layout puts <s>=0 ... </s>=2 around them, ids + 4.
        Assert.Equal([0, 15500, 999, 2], TokenizerFixtures.Json(TokenizerFixtures.RobertaStyle).Encode("Hello world").InputIds);
        Assert.Equal([0, 2], TokenizerFixtures.Json(TokenizerFixtures.RobertaStyle).Encode("").InputIds);
    }

    [Theory]
    [InlineData("minilm", 101, 102)]
    [InlineData("roberta", 0, 2)]
    [InlineData("unigram", 0, 2)]
    public void Truncation_keeps_the_special_tokens_and_the_first_tokens(string model, long first, long last)
    {
        TextTokenizer Make(int max) => model == "minilm"
            ? TextTokenizer.For(new TextSettings { Vocab = TokenizerFixtures.MiniLm.Vocab, MaxTokens = max }, null)
            : TokenizerFixtures.Json(model == "roberta" ? TokenizerFixtures.RobertaStyle : TokenizerFixtures.Unigram, max);
        var full = Make(1024).Encode(LongText).InputIds;
        var cut = Make(16).Encode(LongText);
        Assert.True(full.Length > 100, $"{full.Length} tokens");
        Assert.Equal(16, cut.InputIds.Length);
        Assert.Equal(16, cut.AttentionMask.Length);
        Assert.Equal(first, cut.InputIds[0]);
        Assert.Equal(last, cut.InputIds[^1]);
        Assert.Equal(full[1..15], cut.InputIds[1..15]);
    }

    [Fact]
    public void Concurrent_encoding_gives_the_sequential_ids()
    {
        var tokenizer = TokenizerFixtures.Json(TokenizerFixtures.RobertaStyle);
        var texts = Enumerable.Range(0, 400).Select(i => $"Sentence {i}: {LongText[..(i % 200)]} {i * 7919}").ToArray();
        var sequential = texts.Select(t => tokenizer.Encode(t).InputIds).ToArray();
        var parallel = new long[texts.Length][];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = tokenizer.Encode(texts[i]).InputIds);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(sequential[i], parallel[i]);
        }
    }

    [Fact]
    public void A_lone_surrogate_is_encoded_as_the_replacement_character()
    {
        var tokenizer = TokenizerFixtures.Json(TokenizerFixtures.RobertaStyle);
        Assert.Equal(tokenizer.Encode("ok \uFFFD fine").InputIds, tokenizer.Encode("ok \uD83D fine").InputIds);
    }

    [Fact]
    public void A_cased_vocab_keeps_case_and_an_uncased_one_folds_case_and_accents()
    {
        var vocab = Write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\nHello\ncafe\n");
        var cased = TextTokenizer.For(new TextSettings { Vocab = vocab, Lowercase = false }, null);
        var uncased = TextTokenizer.For(new TextSettings { Vocab = vocab, Lowercase = true }, null);
        Assert.Equal([2, 6, 1, 3], cased.Encode("Hello Café").InputIds);
        Assert.Equal([2, 5, 7, 3], uncased.Encode("Hello Café").InputIds);
    }

    [Fact]
    public void Bad_tokenizer_files_are_one_line_errors_naming_the_file()
    {
        var missing = Path.Combine(_dir.FullName, "missing.json");
        var notJson = Write("broken.json", "{ \"model\": ");
        var notTokenizer = Write("other.json", "{ \"name\": \"x\" }");
        var badModel = Write("bad-model.json", "{ \"model\": { \"type\": \"Nope\" } }");
        var noCls = Write("vocab-no-cls.txt", "[PAD]\n[UNK]\n[SEP]\nhello\n");
        foreach (var (settings, path, words) in new[]
                 {
                     (new TextSettings { Tokenizer = missing }, missing, "not found"),
                     (new TextSettings { Tokenizer = notJson }, notJson, "not valid JSON"),
                     (new TextSettings { Tokenizer = notTokenizer }, notTokenizer, "no \"model\" object"),
                     (new TextSettings { Tokenizer = badModel }, badModel, "Hugging Face tokenizers"),
                     (new TextSettings { Vocab = noCls }, noCls, "no [CLS] token"),
                 })
        {
            var e = Assert.Throws<MeijuDataException>(() => TextTokenizer.For(settings, null));
            Assert.Equal(path, e.FilePath);
            Assert.Contains(words, e.Problem, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void A_template_with_nonzero_type_ids_is_flagged()
    {
        var json = JsonNode.Parse(File.ReadAllText(TokenizerFixtures.Unigram))!.AsObject();
        Assert.True(TokenizerFixtures.Json(TokenizerFixtures.Unigram).TypeIdsAreZero);
        json["post_processor"]!["single"]![2]!["SpecialToken"]!["type_id"] = 2;
        Assert.False(TokenizerFixtures.Json(Write("xlnet-like.json", json.ToJsonString())).TypeIdsAreZero);
        Assert.True(TokenizerFixtures.Json(TokenizerFixtures.RobertaStyle).TypeIdsAreZero);
    }

    [Theory]
    [InlineData("\"tokenizer\": \"t.json\", \"vocab\": \"vocab.txt\"", "not both")]
    [InlineData("\"maxTokens\": 64", "'text.tokenizer' (a Hugging Face tokenizer.json) or 'text.vocab'")]
    [InlineData("\"tokenizer\": \"t.json\", \"lowercase\": true", "'text.lowercase' applies to a vocab.txt")]
    public void Manifest_text_settings_are_checked(string text, string expected)
    {
        var path = Write($"m{Guid.NewGuid():N}.json", $$"""
            { "models": [ { "name": "t", "kind": "text", "file": "m.onnx", "inputs": { "input_ids": "input_ids" },
              "output": "o", "outputDim": 8, "text": { {{text}} } } ] }
            """);
        var e = Assert.Throws<MeijuDataException>(() => ModelManifest.Load(path));
        Assert.Contains("model 't'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
