using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Meiju.Features.Models;
using Tokenizers.DotNet;

namespace Meiju.Features.Text;

/// <summary>
/// Tokenises text for a manifest text entry with Hugging Face's own tokenizers library (Rust, through
/// Tokenizers.DotNet) from a <c>tokenizer.json</c> — byte-level BPE (RoBERTa, GPT-2), WordPiece (BERT, MiniLM,
/// chinese-roberta-wwm-ext), Unigram (XLM-R) — or from a WordPiece <c>vocab.txt</c> (see
/// <see cref="BertTokenizerJson"/>). The model's special tokens come from the file's post-processor, truncation to
/// <see cref="TextSettings.MaxTokens"/> is the library's own (special tokens kept), and one unpadded sentence has an
/// attention mask of ones and token type ids of zeros.
/// </summary>
/// <remarks>
/// Instances are immutable and the library encodes concurrently (a read lock on its side), so one instance per
/// (file, settings) is shared by every extractor and parallel item for the life of the process.
/// </remarks>
public sealed class TextTokenizer
{
    private static readonly ConcurrentDictionary<(string Reference, bool WordPiece, bool Lowercase, int MaxTokens), Lazy<TextTokenizer>> Cache = new();
    private readonly Tokenizer _tokenizer;

    private TextTokenizer(Tokenizer tokenizer, bool typeIdsZero)
    {
        _tokenizer = tokenizer;
        TypeIdsAreZero = typeIdsZero;
    }

    /// <summary>
    /// False when the tokenizer's single-sequence template gives some token a type id other than 0 (e.g. XLNet's
    /// <c>&lt;cls&gt;:2</c>): the ids this class returns would then be wrong for a <c>token_type_ids</c> input.
    /// </summary>
    public bool TypeIdsAreZero { get; }

    /// <summary>
    /// The shared tokenizer of a text entry: <c>text.tokenizer</c> (a tokenizer.json; a <c>text.vocab</c> ending in
    /// <c>.json</c> is taken as one too) or <c>text.vocab</c> (a WordPiece vocab.txt, cased as <c>text.lowercase</c>).
    /// </summary>
    /// <exception cref="MeijuDataException">The file is missing or is not a tokenizer.json / vocab.txt the library loads.</exception>
    public static TextTokenizer For(TextSettings text, string? baseDirectory)
    {
        var fromJson = text.Tokenizer is { Length: > 0 } || text.Vocab.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var reference = ModelLocator.Expand(text.Tokenizer is { Length: > 0 } t ? t : text.Vocab, baseDirectory);
        var key = (reference, !fromJson, !fromJson && (text.Lowercase ?? true), text.MaxTokens);
        var lazy = Cache.GetOrAdd(key, k => new Lazy<TextTokenizer>(
            () => Load(k.Reference, k.WordPiece, k.Lowercase, k.MaxTokens), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch (MeijuDataException)
        {
            // A broken file should fail the same way next time, not stay cached as the first exception.
            Cache.TryRemove(new KeyValuePair<(string, bool, bool, int), Lazy<TextTokenizer>>(key, lazy));
            throw;
        }
    }

    /// <summary>Token ids with the model's special tokens, truncated to the entry's <c>maxTokens</c>.</summary>
    public TokenizedText Encode(string text)
    {
        // The library takes well-formed UTF-16 only; a lone surrogate becomes U+FFFD, as any UTF-8 writer makes it.
        var ids = _tokenizer.Encode(HasLoneSurrogate(text) ? Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) : text);
        var longIds = new long[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            longIds[i] = ids[i];
        }

        var mask = new long[ids.Length];
        Array.Fill(mask, 1L);
        return new TokenizedText(longIds, mask, new long[ids.Length]);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static TextTokenizer Load(string reference, bool wordPiece, bool lowercase, int maxTokens)
    {
        if (!ModelLocator.Exists(reference))
        {
            throw new MeijuDataException(reference, wordPiece ? "'text.vocab' not found" : "'text.tokenizer' not found");
        }

        var json = wordPiece ? ReadVocab(reference, lowercase) : ReadTokenizerJson(reference);
        // Truncation is the library's (it keeps the post-processor's special tokens within max_length); padding
        // would add rows to token features, so it is always off: one sentence per call needs none.
        json["truncation"] = new JsonObject
        {
            ["direction"] = "Right", ["max_length"] = maxTokens, ["strategy"] = "LongestFirst", ["stride"] = 0,
        };
        json["padding"] = null;
        return new TextTokenizer(CreateFromJson(json, reference), TemplateTypeIdsAreZero(json["post_processor"]));
    }

    /// <summary>
    /// Tokenizers.DotNet 1.4.1 loads only from a file path (no bytes, no settings), so the adjusted JSON — and a
    /// vocab.txt's BERT tokenizer.json — is written to a private temporary file that lives only while it loads.
    /// </summary>
    private static Tokenizer CreateFromJson(JsonObject json, string reference)
    {
        var path = Path.Combine(Path.GetTempPath(), $"meiju-tokenizer-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, json.ToJsonString());
            return new Tokenizer(path);
        }
        catch (TokenizerException e)
        {
            throw new MeijuDataException(reference, $"'text.tokenizer' is not a tokenizer.json that Hugging Face tokenizers loads: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MeijuDataException(path, $"cannot write the temporary copy of the tokenizer: {e.Message}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static JsonObject ReadTokenizerJson(string reference)
    {
        using var stream = ModelLocator.Open(reference);
        try
        {
            if (JsonNode.Parse(stream) is JsonObject json && json["model"] is JsonObject)
            {
                return json;
            }
        }
        catch (JsonException e)
        {
            throw new MeijuDataException(reference, $"'text.tokenizer' is not valid JSON: {e.Message}");
        }

        throw new MeijuDataException(reference, "'text.tokenizer' is not a Hugging Face tokenizer.json (no \"model\" object)");
    }

    private static JsonObject ReadVocab(string reference, bool lowercase)
    {
        using var reader = new StreamReader(ModelLocator.Open(reference), Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n');
        return BertTokenizerJson.FromVocab(lines, lowercase, reference);
    }

    private static bool TemplateTypeIdsAreZero(JsonNode? processor) => processor?["type"]?.GetValue<string>() switch
    {
        "TemplateProcessing" => processor["single"] is not JsonArray pieces || pieces.All(piece =>
            piece is JsonObject o && o.Select(p => p.Value?["type_id"]?.GetValue<int>() ?? 0).All(id => id == 0)),
        "Sequence" => processor["processors"] is not JsonArray list || list.All(TemplateTypeIdsAreZero),
        _ => true,
    };
}
