// Freezes what the pre-Tokenizers.DotNet text path (FastBertTokenizer 1.2.6 over MiniLM's embedded vocab.txt) gives on
// real sentences, so the library swap can be proven to keep minilm_tokens / minilm_sentence identical. It was run
// ONCE, at commit 64e588f (the last with FastBertTokenizer, which the swap removed; it builds only there):
//   git checkout 64e588f && dotnet run tests/fixtures-src/freeze_minilm_wordpiece.cs -- ../shared/data tests/Meiju.Features.Tests/Fixtures/minilm-frozen
// Writes no sentence text: per sentence only a SHA-256 prefix of the sentence, the token count and a SHA-256 prefix
// of the ids (the ids themselves would spell the sentence out through the vocabulary).
// (xunit only because tests/Directory.Build.props compiles tests/Shared into everything under tests/.)
#:project ../../src/Meiju.Features/Meiju.Features.csproj
#:package xunit
#:property TreatWarningsAsErrors=false
#:property GenerateDocumentationFile=false
#:property PublishAot=false
global using Xunit;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FastBertTokenizer;
using Meiju;
using Meiju.Data;
using Meiju.Data.Importers;
using Meiju.Features;
using Meiju.Features.Models;
using Meiju.IO;
using Meiju.Media;

var data = args[0];
var outDir = args[1];
Directory.CreateDirectory(outDir);
var skipped = new List<SkippedRecord>();
var sentences = new List<(string Source, int Index, string Text)>();
var meld = MeldImporter.Read(Path.Combine(data, "meld-text"), MeijuSplit.Valid, skipped);
for (var i = 0; i < meld.Count; i++) sentences.Add(("meld-dev", i, meld[i].Sentence));
var dd = DailyDialogImporter.Read(Path.Combine(data, "dailydialog"), MeijuSplit.Valid, skipped);
for (var i = 0; i < 600; i++) sentences.Add(("dailydialog-validation", i, dd[i].Sentence));

var entry = ModelManifest.Default().Models.Single(m => m.Name == "minilm_tokens");
var tokenizer = new BertTokenizer();
using (var vocab = new StreamReader(ModelLocator.Open(ModelLocator.Expand(entry.Text!.Vocab, null))))
    tokenizer.LoadVocabulary(vocab, entry.Text.Lowercase);

static string Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
var lines = new StringBuilder("# source\tindex\tsha256(sentence UTF-8)[:16]\ttokens\tsha256(ids as int64 LE)[:16]\n");
foreach (var (source, index, text) in sentences)
{
    var ids = tokenizer.Encode(text, entry.Text.MaxTokens).InputIds.ToArray();
    var bytes = new byte[ids.Length * 8];
    Buffer.BlockCopy(ids, 0, bytes, 0, bytes.Length);
    lines.Append(CultureInfo.InvariantCulture, $"{source}\t{index}\t{Hex(Encoding.UTF8.GetBytes(text))}\t{ids.Length}\t{Hex(bytes)}\n");
}
File.WriteAllText(Path.Combine(outDir, "wordpiece-ids.tsv"), lines.ToString());

// Features of the first 12 MELD and 12 DailyDialog sentences through the default extractors.
var registry = new FeatureRegistry();
var tokensEx = registry.Create("minilm_tokens");
var sentenceEx = registry.Create("minilm_sentence");
var picked = sentences.Where(s => s.Index < 12).ToList();
var sentenceRows = new List<float>();
var tokenRows = new List<float>();
var counts = new List<float>();
foreach (var (source, index, text) in picked)
{
    var media = new UtteranceMedia($"{source}-{index}", $"{source}#{index}", [], null, [], new Dictionary<string, string> { ["transcript"] = text });
    sentenceRows.AddRange(sentenceEx.Extract(media).Data);
    var t = tokensEx.Extract(media);
    counts.Add(t.Shape[0]);
    if (index < 2) tokenRows.AddRange(t.Data);
}
NpyFile.Write(Path.Combine(outDir, "minilm_sentence.npy"), new NpyArray([picked.Count, 384], sentenceRows.ToArray()));
NpyFile.Write(Path.Combine(outDir, "minilm_tokens_first2.npy"), new NpyArray([tokenRows.Count / 384, 384], tokenRows.ToArray()));
Console.WriteLine($"{sentences.Count} sentences, {picked.Count} feature rows, skipped {skipped.Count}");
