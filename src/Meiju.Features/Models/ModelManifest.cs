using Meiju.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meiju.Features.Models;

/// <summary>
/// A JSON list of ONNX feature extractors. Adding a CLIP, ResNet-50, wav2vec 2.0, HuBERT or RoBERTa export is one
/// entry: which file, which input and output names, how to preprocess, how to pool, and the output width.
/// See docs/extractors.md for the fields and worked entries.
/// </summary>
public sealed class ModelManifest
{
    /// <summary>Options the manifest reader uses: camelCase names, enums as strings, comments allowed.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        AllowDuplicateProperties = false,
        // A misspelt field would otherwise be silently ignored and its default used.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    /// <summary>The extractor entries.</summary>
    public List<ManifestEntry> Models { get; set; } = [];

    /// <summary>Folder that relative file references are resolved against (the manifest's folder).</summary>
    [JsonIgnore]
    public string? BaseDirectory { get; set; }

    /// <summary>Where it was read from, for error messages.</summary>
    [JsonIgnore]
    public string SourcePath { get; set; } = "(manifest)";

    /// <summary>Reads and validates a manifest file.</summary>
    /// <exception cref="MeijuDataException">The file is missing, not JSON, or an entry is incomplete.</exception>
    public static ModelManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "model manifest not found");
        }

        var text = File.ReadAllText(path);
        JsonDuplicateKeys.Refuse(text, path);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return Parse(stream, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Parses a manifest from a stream; <paramref name="path"/> names it in errors.</summary>
    public static ModelManifest Parse(Stream json, string path, string? baseDirectory)
    {
        ModelManifest? manifest;
        using var reader = new StreamReader(json);
        var text = reader.ReadToEnd();
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(text, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new MeijuDataException(path, ManifestJsonErrors.Describe(e, text), (int?)e.LineNumber + 1);
        }

        if (manifest is null)
        {
            throw new MeijuDataException(path, "empty model manifest");
        }

        manifest.SourcePath = path;
        manifest.BaseDirectory = baseDirectory;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in manifest.Models)
        {
            entry.Validate(path);
            if (!seen.Add(entry.Name))
            {
                throw new MeijuDataException(path, $"model '{entry.Name}' is declared twice");
            }
        }

        return manifest;
    }

    /// <summary>The manifest of the defaults that ship inside packages (resnet18, minilm_tokens, minilm_sentence).</summary>
    public static ModelManifest Default()
    {
        using var stream = typeof(ModelManifest).Assembly.GetManifestResourceStream("Meiju.Features.DefaultManifest.json")
            ?? throw new InvalidOperationException("the default manifest is not embedded in Meiju.Features");
        return Parse(stream, "(built-in DefaultManifest.json)", Directory.GetCurrentDirectory());
    }
}

/// <summary>Which generic ONNX extractor an entry drives.</summary>
public enum ModelKind
{
    /// <summary>One row per video frame or face crop (<see cref="Onnx.OnnxImageExtractor"/>).</summary>
    Image,

    /// <summary>Frame-level rows from the 16 kHz waveform (<see cref="Onnx.OnnxAudioExtractor"/>).</summary>
    Audio,

    /// <summary>Token-level or sentence rows from a text stream (<see cref="Onnx.OnnxTextExtractor"/>).</summary>
    Text,
}

/// <summary>How the model's output is reduced to rows.</summary>
public enum Pooling
{
    /// <summary>Keep the sequence: [1, T, D] → [T, D]; [B, D, H, W] → spatial mean per image.</summary>
    None,

    /// <summary>Mean over the sequence (masked for text) → one row.</summary>
    Mean,

    /// <summary>The first position (CLS token) → one row.</summary>
    Cls,

    /// <summary>Maximum over the sequence → one row.</summary>
    Max,
}

/// <summary>One extractor in a <see cref="ModelManifest"/>.</summary>
public sealed class ManifestEntry
{
    /// <summary>Feature name = output folder name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Image, audio or text.</summary>
    public ModelKind Kind { get; set; }

    /// <summary>The ONNX file (see <see cref="ModelLocator"/> for the path tokens).</summary>
    public string File { get; set; } = "";

    /// <summary>An optional ONNX model run first on the raw input (e.g. ResNetPreprocess.onnx's mean image).</summary>
    public ChainedModel? PreprocessModel { get; set; }

    /// <summary>
    /// Input names by role. Image: <c>pixels</c>. Audio: <c>waveform</c>, optional <c>attention_mask</c>. Text:
    /// <c>input_ids</c>, optional <c>attention_mask</c> and <c>token_type_ids</c>.
    /// </summary>
    public Dictionary<string, string> Inputs { get; set; } = [];

    /// <summary>The output to read (or use <see cref="Outputs"/> to combine several).</summary>
    public string Output { get; set; } = "";

    /// <summary>
    /// Several outputs of one shape to combine with <see cref="Combine"/> (e.g. the last four hidden states of an
    /// export that returns every layer), instead of <see cref="Output"/>. One layer alone is just its name in
    /// <see cref="Output"/>.
    /// </summary>
    public string[]? Outputs { get; set; }

    /// <summary>How <see cref="Outputs"/> are combined: <c>sum</c> or <c>mean</c>.</summary>
    public OutputCombine? Combine { get; set; }

    /// <summary>The outputs read from the model: <see cref="Outputs"/>, or <see cref="Output"/> alone.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> OutputNames => Outputs is { Length: > 0 } several ? several : [Output];

    /// <summary>Width D of the output rows (checked against the model's output at run time).</summary>
    public int OutputDim { get; set; }

    /// <summary>How outputs become rows.</summary>
    public Pooling Pooling { get; set; } = Pooling.None;

    /// <summary>Image settings (kind image).</summary>
    public ImageSettings? Image { get; set; }

    /// <summary>Audio settings (kind audio).</summary>
    public AudioSettings? Audio { get; set; }

    /// <summary>Text settings (kind text).</summary>
    public TextSettings? Text { get; set; }

    /// <summary>Items per ONNX call for images (1 for models with a fixed batch dimension).</summary>
    public int BatchSize { get; set; } = 1;

    /// <summary>A note for people (licence, source); ignored by the code.</summary>
    public string? Description { get; set; }

    private void ValidateOutputs(string path, string where)
    {
        if (Outputs is null)
        {
            if (string.IsNullOrWhiteSpace(Output))
            {
                throw new MeijuDataException(path, $"{where}: 'output' is required (or 'outputs' with 'combine' to combine several)");
            }

            if (Combine is not null)
            {
                throw new MeijuDataException(path, $"{where}: 'combine' applies to 'outputs' (a list); with one 'output' remove it");
            }

            return;
        }

        if (!string.IsNullOrEmpty(Output))
        {
            throw new MeijuDataException(path, $"{where}: give 'output' or 'outputs', not both");
        }

        if (Outputs.Length == 0 || Outputs.Any(string.IsNullOrWhiteSpace))
        {
            throw new MeijuDataException(path, $"{where}: 'outputs' must list output names (none empty)");
        }

        if (Outputs.GroupBy(o => o, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new MeijuDataException(path, $"{where}: 'outputs' names '{twice.Key}' twice");
        }

        if (Outputs.Length > 1 && Combine is null)
        {
            throw new MeijuDataException(path, $"{where}: 'outputs' names {Outputs.Length} outputs; add \"combine\": \"sum\" or \"mean\"");
        }
    }

    private void ValidateImageChoices(string path, string where)
    {
        static void OneOf(string path, string where, string field, string value, params string[] allowed)
        {
            if (!allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                throw new MeijuDataException(path, $"{where}: 'image.{field}' must be {string.Join(" or ", allowed)}, not '{value}'");
            }
        }

        OneOf(path, where, "source", Image!.Source, "frames", "faces");
        OneOf(path, where, "resize", Image.Resize, "stretch", "center_crop");
        OneOf(path, where, "channelOrder", Image.ChannelOrder, "rgb", "bgr", "gray");
        OneOf(path, where, "layout", Image.Layout, "nchw", "nhwc");
        var resize = Image.Resize.ToLowerInvariant();

        if (Image.ShortSide is { } side)
        {
            if (resize != "center_crop")
            {
                throw new MeijuDataException(path, $"{where}: 'image.shortSide' needs \"resize\": \"center_crop\"");
            }

            if (side < Math.Max(Image.Width, Image.Height))
            {
                throw new MeijuDataException(path, $"{where}: 'image.shortSide' ({side}) must be at least the crop's width and height ({Image.Width}x{Image.Height})");
            }
        }
    }

    internal void Validate(string path)
    {
        string Where() => $"model '{(Name.Length == 0 ? "?" : Name)}'";
        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny(['/', '\\', ' ']) >= 0)
        {
            throw new MeijuDataException(path, $"{Where()}: 'name' must be a non-empty folder name");
        }

        if (string.IsNullOrWhiteSpace(File))
        {
            throw new MeijuDataException(path, $"{Where()}: 'file' is required");
        }

        ValidateOutputs(path, Where());
        if (OutputDim <= 0)
        {
            throw new MeijuDataException(path, $"{Where()}: 'outputDim' must be positive");
        }

        if (BatchSize <= 0)
        {
            throw new MeijuDataException(path, $"{Where()}: 'batchSize' must be positive");
        }

        var required = Kind switch
        {
            ModelKind.Image => "pixels",
            ModelKind.Audio => "waveform",
            _ => "input_ids",
        };
        if (!Inputs.ContainsKey(required))
        {
            throw new MeijuDataException(path, $"{Where()}: 'inputs' needs a '{required}' entry for a {Kind.ToString().ToLowerInvariant()} model");
        }

        switch (Kind)
        {
            case ModelKind.Image:
                Image ??= new ImageSettings();
                if (Image.Width <= 0 || Image.Height <= 0)
                {
                    throw new MeijuDataException(path, $"{Where()}: image width and height must be positive");
                }

                if (Image.Mean.Length is not (0 or 1 or 3) || Image.Std.Length is not (0 or 1 or 3))
                {
                    throw new MeijuDataException(path, $"{Where()}: image mean/std need 1 or 3 values");
                }

                if (Image.Std.Any(s => s == 0))
                {
                    throw new MeijuDataException(path, $"{Where()}: image std must not be 0");
                }

                ValidateImageChoices(path, Where());

                break;
            case ModelKind.Audio:
                Audio ??= new AudioSettings();
                if (Audio.SampleRate <= 0 || Audio.ChunkSeconds <= 0)
                {
                    throw new MeijuDataException(path, $"{Where()}: audio sampleRate and chunkSeconds must be positive");
                }

                break;
            case ModelKind.Text:
                Text?.Validate(path, Where());
                if (Text is null)
                {
                    throw new MeijuDataException(path, $"{Where()}: text models need 'text.tokenizer' (a Hugging Face tokenizer.json) or 'text.vocab' (a WordPiece vocab.txt)");
                }

                if (Text.MaxTokens < 4)
                {
                    throw new MeijuDataException(path, $"{Where()}: text.maxTokens must be at least 4");
                }

                break;
        }
    }
}

/// <summary>A model run before the main one, feeding it.</summary>
public sealed class ChainedModel
{
    /// <summary>The ONNX file.</summary>
    public string File { get; set; } = "";

    /// <summary>Its input name.</summary>
    public string Input { get; set; } = "";

    /// <summary>Its output name (fed to the main model's pixels input).</summary>
    public string Output { get; set; } = "";
}

/// <summary>Image preprocessing: value = ((pixel · scale) − mean) / std per channel, after resizing.</summary>
public sealed class ImageSettings
{
    /// <summary><c>frames</c> (sampled video frames) or <c>faces</c> (face crops).</summary>
    public string Source { get; set; } = "frames";

    /// <summary>Model input width.</summary>
    public int Width { get; set; } = 224;

    /// <summary>Model input height.</summary>
    public int Height { get; set; } = 224;

    /// <summary><c>stretch</c> (resize to width × height) or <c>center_crop</c> (resize the short side, crop the middle).</summary>
    public string Resize { get; set; } = "stretch";

    /// <summary>
    /// With <c>center_crop</c>: scale the short side to this many pixels first, then crop the central width × height
    /// — torchvision's <c>Resize(256)</c> + <c>CenterCrop(224)</c> (ResNet-50 V2 weights: 232). Null: the short side
    /// is scaled to fit the crop (CLIP's <c>Resize(224)</c> + <c>CenterCrop(224)</c>).
    /// </summary>
    public int? ShortSide { get; set; }

    /// <summary>Multiplier applied to 0–255 pixels first (1/255 for models trained on [0, 1]).</summary>
    public float Scale { get; set; } = 1f / 255f;

    /// <summary>Per-channel mean subtracted after scaling (in the model's channel order).</summary>
    public float[] Mean { get; set; } = [];

    /// <summary>Per-channel standard deviation divided by.</summary>
    public float[] Std { get; set; } = [];

    /// <summary><c>rgb</c>, <c>bgr</c> or <c>gray</c>.</summary>
    public string ChannelOrder { get; set; } = "rgb";

    /// <summary><c>nchw</c> or <c>nhwc</c>.</summary>
    public string Layout { get; set; } = "nchw";
}

/// <summary>Audio preprocessing for waveform models (wav2vec 2.0, HuBERT).</summary>
public sealed class AudioSettings
{
    /// <summary>The sample rate the model expects (input audio is resampled if it differs).</summary>
    public int SampleRate { get; set; } = 16000;

    /// <summary>Zero-mean, unit-variance normalisation per chunk (what wav2vec 2.0 large / HuBERT feature extractors do).</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Longest piece fed at once; longer audio is cut into chunks whose outputs are concatenated.</summary>
    public double ChunkSeconds { get; set; } = 30;
}

/// <summary>Text tokenisation and language policy.</summary>
public sealed class TextSettings
{
    /// <summary>
    /// The model's Hugging Face <c>tokenizer.json</c> (any model type: byte-level BPE, WordPiece, Unigram); its
    /// normaliser, pre-tokeniser and post-processor (special tokens) are used as they are.
    /// </summary>
    public string? Tokenizer { get; set; }

    /// <summary>
    /// Instead of <see cref="Tokenizer"/>: a BERT WordPiece <c>vocab.txt</c>, tokenised as BERT does (a path ending in
    /// <c>.json</c> is read as a tokenizer.json, as before).
    /// </summary>
    public string Vocab { get; set; } = "";

    /// <summary>With <see cref="Vocab"/>: lower-case and strip accents (uncased models; the default).</summary>
    public bool? Lowercase { get; set; }

    /// <summary>Longest token sequence including the special tokens ([CLS] … [SEP], &lt;s&gt; … &lt;/s&gt;); longer text is truncated.</summary>
    public int MaxTokens { get; set; } = 128;

    /// <summary>Text streams tried in order (keys of <see cref="Meiju.Media.UtteranceMedia.Texts"/>).</summary>
    public string[] Streams { get; set; } = ["transcript", "subtitle"];

    /// <summary>
    /// Whether the vocabulary covers Chinese/Japanese/Korean script. False for English-only models: such text then
    /// fails the item with a clear message instead of producing [UNK] features.
    /// </summary>
    public bool SupportsCjk { get; set; }

    internal void Validate(string path, string where)
    {
        var hasTokenizer = !string.IsNullOrWhiteSpace(Tokenizer);
        if (hasTokenizer == !string.IsNullOrWhiteSpace(Vocab))
        {
            throw new MeijuDataException(path, hasTokenizer
                ? $"{where}: give 'text.tokenizer' or 'text.vocab', not both"
                : $"{where}: text models need 'text.tokenizer' (a Hugging Face tokenizer.json) or 'text.vocab' (a WordPiece vocab.txt)");
        }

        if (Lowercase is not null && (hasTokenizer || Vocab.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            throw new MeijuDataException(path, $"{where}: 'text.lowercase' applies to a vocab.txt; a tokenizer.json's own normalizer decides the casing, remove it");
        }
    }
}
