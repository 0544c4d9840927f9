using System.Text.Json.Nodes;

namespace Meiju.Features.Text;

/// <summary>
/// Writes the Hugging Face <c>tokenizer.json</c> of a BERT WordPiece vocabulary (<c>vocab.txt</c>), the one
/// <c>BertTokenizerFast</c> would save: BERT normaliser (text cleaning, CJK characters split, lower case and accents
/// stripped for uncased models), BERT pre-tokeniser, WordPiece with <c>##</c> continuations and words over 100
/// characters as [UNK], and <c>[CLS] … [SEP]</c> around the sequence. A vocab.txt entry then tokenises through the
/// same library as any tokenizer.json.
/// </summary>
public static class BertTokenizerJson
{
    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    /// <summary>Builds the tokenizer.json from the lines of a vocab.txt (line number = token id).</summary>
    /// <param name="vocabLines">One token per line; a final empty line is ignored.</param>
    /// <param name="lowercase">Uncased model: lower-case and strip accents (BERT's default for uncased vocabularies).</param>
    /// <param name="source">Names the vocabulary in errors.</param>
    /// <exception cref="MeijuDataException">The vocabulary lacks [UNK], [CLS] or [SEP].</exception>
    public static JsonObject FromVocab(IReadOnlyList<string> vocabLines, bool lowercase, string source)
    {
        var vocab = new JsonObject();
        for (var id = 0; id < vocabLines.Count; id++)
        {
            var token = vocabLines[id].TrimEnd('\r');
            if (token.Length == 0 && id == vocabLines.Count - 1)
            {
                break;
            }

            // A repeated line keeps its first id, as BERT's own loader does.
            vocab.TryAdd(token, id);
        }

        foreach (var required in new[] { "[UNK]", "[CLS]", "[SEP]" })
        {
            if (!vocab.ContainsKey(required))
            {
                throw new MeijuDataException(source, $"'text.vocab' is not a BERT WordPiece vocab.txt: it has no {required} token");
            }
        }

        int Id(string token) => vocab[token]!.GetValue<int>();
        var added = new JsonArray();
        foreach (var token in SpecialTokens.Where(vocab.ContainsKey))
        {
            added.Add(new JsonObject
            {
                ["id"] = Id(token), ["content"] = token, ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            });
        }

        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = new JsonObject
            {
                // strip_accents null follows lowercase, as in BertTokenizer.
                ["type"] = "BertNormalizer", ["clean_text"] = true, ["handle_chinese_chars"] = true,
                ["strip_accents"] = null, ["lowercase"] = lowercase,
            },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "BertProcessing",
                ["sep"] = new JsonArray("[SEP]", Id("[SEP]")),
                ["cls"] = new JsonArray("[CLS]", Id("[CLS]")),
            },
            ["decoder"] = new JsonObject { ["type"] = "WordPiece", ["prefix"] = "##", ["cleanup"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##",
                ["max_input_chars_per_word"] = 100, ["vocab"] = vocab,
            },
        };
    }
}
