using Meiju.Features.Models;
using Meiju.Features.Text;
using Meiju.IO;
using Meiju.Media;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Onnx;

/// <summary>
/// A manifest-driven text encoder (MiniLM, BERT, RoBERTa, chinese-roberta-wwm-ext, XLM-R — any model with a Hugging
/// Face tokenizer.json or a WordPiece vocab.txt, see <see cref="TextTokenizer"/>): token states [T, D] (pooling none,
/// special tokens included) or one sentence row [1, D].
/// </summary>
public sealed class OnnxTextExtractor : IFeatureExtractor
{
    private readonly ManifestEntry _entry;
    private readonly TextSettings _text;
    private readonly InferenceSession _session;
    private readonly TextTokenizer _tokenizer;

    /// <summary>Creates the extractor (loads or reuses the cached session and tokenizer).</summary>
    public OnnxTextExtractor(ManifestEntry entry, string? baseDirectory, ExtractorOptions options)
    {
        if (entry.Kind != ModelKind.Text || entry.Text is null)
        {
            throw new ArgumentException($"model '{entry.Name}' is not a text model", nameof(entry));
        }

        _entry = entry;
        _text = entry.Text;
        _session = OnnxSessionCache.Get(ModelLocator.Expand(entry.File, baseDirectory), options.IntraOpThreads, options.Device);
        _tokenizer = TextTokenizer.For(_text, baseDirectory);
        if (!_tokenizer.TypeIdsAreZero && entry.Inputs.ContainsKey("token_type_ids"))
        {
            throw new MeijuDataException(
                ModelLocator.Expand(_text.Tokenizer ?? _text.Vocab, baseDirectory),
                $"model '{entry.Name}': this tokenizer gives some tokens of a sentence a type id other than 0, but Meiju feeds "
                + "'inputs.token_type_ids' as zeros; remove that input if the export does not need it");
        }
    }

    /// <inheritdoc />
    public string Name => _entry.Name;

    /// <inheritdoc />
    public int Dimension => _entry.OutputDim;

    /// <inheritdoc />
    public FeatureInput Input => FeatureInput.Text;

    /// <summary>Picks the first non-empty configured text stream.</summary>
    public string? SelectText(UtteranceMedia media)
    {
        foreach (var stream in _text.Streams)
        {
            if (media.Texts.TryGetValue(stream, out var text) && !string.IsNullOrWhiteSpace(text))
            {
                return text;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public NpyArray Extract(UtteranceMedia media)
    {
        var text = SelectText(media)
            ?? throw new FeatureInputMissingException(
                "no_text", $"{Name}: {media.SourcePath} has no text in any of the streams {string.Join(", ", _text.Streams)}");
        return Encode(text, media.SourcePath);
    }

    /// <summary>Encodes one text; <paramref name="source"/> names it in messages.</summary>
    public NpyArray Encode(string text, string source)
    {
        if (!_text.SupportsCjk && ScriptDetector.ContainsCjk(text))
        {
            throw new FeatureInputMissingException(
                "unsupported_language",
                $"{Name}: the text of {source} is Chinese/Japanese/Korean, but this encoder is declared English-only "
                + "(text.supportsCjk false): its vocabulary would turn it into [UNK] or stray byte pieces. Export a Chinese encoder (e.g. chinese-roberta-wwm-ext) to ONNX, "
                + "declare it in a manifest with \"supportsCjk\": true and pass --manifest (docs/extractors.md).");
        }

        var (ids, mask, types) = _tokenizer.Encode(text);
        var length = ids.Length;
        var shape = new long[] { 1, length };
        var inputs = new List<(string, OrtValue)>();
        try
        {
            inputs.Add((_entry.Inputs["input_ids"], OrtValue.CreateTensorValueFromMemory(ids, shape)));
            if (_entry.Inputs.TryGetValue("attention_mask", out var maskName))
            {
                inputs.Add((maskName, OrtValue.CreateTensorValueFromMemory(mask, shape)));
            }

            if (_entry.Inputs.TryGetValue("token_type_ids", out var typeName))
            {
                inputs.Add((typeName, OrtValue.CreateTensorValueFromMemory(types, shape)));
            }

            var (output, outShape) = OnnxRunner.Run(_session, inputs, _entry);
            var rows = OutputPooling.Pool(output, outShape, Dimension, _entry.Pooling, Name, outShape.Length == 3 ? mask : null)[0];
            return FeatureArrays.Stack(rows, Dimension);
        }
        finally
        {
            foreach (var (_, value) in inputs)
            {
                value.Dispose();
            }
        }
    }
}
