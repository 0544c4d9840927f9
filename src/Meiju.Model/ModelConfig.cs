using Meiju.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meiju.Model;

/// <summary>
/// A model described as data (a JSON file under <c>configs/</c>): which feature streams feed which encoders, the
/// fusion encoder, the joint module and the heads. <see cref="MeijuModel"/> is built from it and saved with it.
/// </summary>
public sealed class ModelConfig
{
    /// <summary>The modality letters a configuration may name: visual, audio and text.</summary>
    public static readonly IReadOnlyList<string> ModalityNames = ["V", "A", "T"];

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A key given twice is a mistake (which one did the user mean?), not "last one wins".
        AllowDuplicateProperties = false,
    };

    /// <summary>Short name (e.g. <c>baseline</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>What this configuration is for.</summary>
    public string? Description { get; set; }

    /// <summary><c>pretrain</c> (stage 1: heads on the fused tokens) or <c>joint</c> (stage 2: joint module).</summary>
    public string Stage { get; set; } = "joint";

    /// <summary>Which modalities take part (any non-empty subset of V, A, T); streams of other modalities are left out.</summary>
    public List<string> Modalities { get; set; } = ["V", "A", "T"];

    /// <summary>Number of emotion classes.</summary>
    public int EmotionClasses { get; set; } = 7;

    /// <summary>Number of intent classes.</summary>
    public int IntentClasses { get; set; } = 8;

    /// <summary>Token width shared by encoders' outputs, the fusion encoder and the joint module.</summary>
    public int Hidden { get; set; } = 128;

    /// <summary>Mask zero padding in encoders' pooling (needs lengths in the batch). Off reproduces the baseline.</summary>
    public bool PaddingMasks { get; set; }

    /// <summary>Extra feature names and widths beyond <see cref="FeatureCatalog.Known"/>.</summary>
    public Dictionary<string, int> Features { get; set; } = [];

    /// <summary>Feature streams in construction (state-dict) order; each becomes one token.</summary>
    public List<StreamConfig> Streams { get; set; } = [];

    /// <summary>Token order into the fusion encoder (stream names); default: <see cref="Streams"/> order.</summary>
    public List<string>? TokenOrder { get; set; }

    /// <summary>The Transformer fusion encoder.</summary>
    public FusionConfig Fusion { get; set; } = new();

    /// <summary>The joint emotion–intent module (stage 2).</summary>
    public InteractionConfig Interaction { get; set; } = new();

    /// <summary>The emotion and intent heads (and auxiliary heads).</summary>
    public ClassifierConfig Classifier { get; set; } = new();

    /// <summary>The parsed stage.</summary>
    [JsonIgnore]
    public ModelStage ParsedStage => Stage.ToLowerInvariant() switch
    {
        "pretrain" or "stage1" => ModelStage.Pretrain,
        _ => ModelStage.Joint,
    };

    /// <summary>The streams whose modality is in <see cref="Modalities"/>, in construction order.</summary>
    [JsonIgnore]
    public IReadOnlyList<StreamConfig> ActiveStreams =>
        Streams.Where(s => Modalities.Contains(s.Modality, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>The active streams in fusion-token order.</summary>
    [JsonIgnore]
    public IReadOnlyList<StreamConfig> TokenStreams
    {
        get
        {
            var active = ActiveStreams;
            if (TokenOrder is null)
            {
                return active;
            }

            return TokenOrder
                .Select(n => active.FirstOrDefault(s => s.Name == n))
                .Where(s => s is not null)
                .Select(s => s!)
                .ToList();
        }
    }

    /// <summary>Names of the configurations shipped with Meiju (usable by name with <see cref="Load"/>).</summary>
    public static IReadOnlyList<string> BuiltInNames =>
        typeof(ModelConfig).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    private const string ResourcePrefix = "Meiju.Model.configs.";

    /// <summary>
    /// Loads a configuration from a JSON file path, or by name from the shipped ones (<c>baseline</c>,
    /// <c>baseline-pretrain</c>, <c>seed</c>, ...), and validates it.
    /// </summary>
    /// <exception cref="MeijuDataException">The file is missing, malformed, or names unknown features or encoders.</exception>
    public static ModelConfig Load(string nameOrPath)
    {
        if (File.Exists(nameOrPath))
        {
            return Parse(File.ReadAllText(nameOrPath), nameOrPath);
        }

        using var stream = typeof(ModelConfig).Assembly.GetManifestResourceStream(ResourcePrefix + nameOrPath + ".json");
        if (stream is null)
        {
            throw new MeijuDataException(nameOrPath,
                $"no such configuration file, and no built-in configuration of that name (built-in: {string.Join(", ", BuiltInNames)})");
        }

        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), $"configs/{nameOrPath}.json");
    }

    /// <summary>Parses and validates configuration JSON; <paramref name="source"/> names it in errors.</summary>
    public static ModelConfig Parse(string json, string source)
    {
        JsonDuplicateKeys.Refuse(json, source);
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ModelConfig>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)l + 1 : (int?)null;
            throw new MeijuDataException(source, "invalid model configuration: " + e.Message, line);
        }

        if (config is null)
        {
            throw new MeijuDataException(source, "empty model configuration");
        }

        config.Validate(source);
        return config;
    }

    /// <summary>
    /// Parses the model configuration held inline under <c>"model"</c> in a larger file, reading the whole file so
    /// that errors carry the file's own line numbers (re-serialising the section would number lines from it).
    /// </summary>
    public static ModelConfig ParseInline(string fileJson, string source)
    {
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<InlineModel>(fileJson, JsonOptions)?.Model;
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)l + 1 : (int?)null;
            throw new MeijuDataException(source, "invalid model configuration: " + e.Message, line);
        }

        if (config is null)
        {
            throw new MeijuDataException(source, "empty model configuration");
        }

        config.Validate(source);
        return config;
    }

    /// <summary>Only the <c>model</c> key of a training config file; its other keys belong to the caller.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
    private sealed class InlineModel
    {
        public ModelConfig? Model { get; set; }
    }

    /// <summary>The configuration as indented JSON (what a model folder stores as config.json).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>A deep copy.</summary>
    public ModelConfig Clone() => JsonSerializer.Deserialize<ModelConfig>(ToJson(), JsonOptions)!;

    /// <summary>A copy with another stage (e.g. the stage-2 model that continues a stage-1 run).</summary>
    public ModelConfig WithStage(ModelStage stage)
    {
        var c = Clone();
        c.Stage = stage == ModelStage.Pretrain ? "pretrain" : "joint";
        return c;
    }

    /// <summary>A copy restricted to <paramref name="modalities"/> (e.g. "VA"), validated.</summary>
    public ModelConfig WithModalities(string modalities)
    {
        var c = Clone();
        c.Modalities = modalities.Select(ch => ch.ToString().ToUpperInvariant()).Distinct().ToList();
        c.Validate(Name);
        return c;
    }

    /// <summary>The width D of a stream's input features.</summary>
    public int InputDim(StreamConfig stream)
    {
        if (stream.InputDim is { } d)
        {
            return d;
        }

        return FeatureCatalog.TryGetWidth(stream.Feature, Features, out var w)
            ? w
            : throw new InvalidOperationException($"unknown feature '{stream.Feature}'");
    }

    /// <summary>Checks names, sizes and references; every problem names <paramref name="source"/>.</summary>
    /// <exception cref="MeijuDataException">The configuration is inconsistent.</exception>
    public void Validate(string source)
    {
        void Fail(string problem) => throw new MeijuDataException(source, problem);

        if (Stage.ToLowerInvariant() is not ("pretrain" or "stage1" or "joint" or "stage2"))
        {
            Fail($"unknown stage '{Stage}' (expected 'pretrain' or 'joint')");
        }

        if (Modalities.Count == 0)
        {
            Fail("'modalities' is empty; name at least one of V, A, T");
        }

        foreach (var m in Modalities)
        {
            if (!ModalityNames.Contains(m, StringComparer.OrdinalIgnoreCase))
            {
                Fail($"unknown modality '{m}' in 'modalities' (expected V, A or T)");
            }
        }

        if (EmotionClasses < 2 || IntentClasses < 2)
        {
            Fail("emotionClasses and intentClasses must be at least 2");
        }

        if (Hidden < 1)
        {
            Fail("hidden must be positive");
        }

        if (Streams.Count == 0)
        {
            Fail("'streams' is empty");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in Streams)
        {
            var where = $"stream '{s.Name}'";
            if (string.IsNullOrWhiteSpace(s.Name) || !s.Name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                Fail($"stream name '{s.Name}' must be letters, digits or '_' (it becomes part of parameter names)");
            }

            if (!names.Add(s.Name))
            {
                Fail($"two streams are named '{s.Name}'");
            }

            if (!ModalityNames.Contains(s.Modality, StringComparer.OrdinalIgnoreCase))
            {
                Fail($"{where}: unknown modality '{s.Modality}' (expected V, A or T)");
            }

            if (s.InputDim is null && !FeatureCatalog.TryGetWidth(s.Feature, Features, out _))
            {
                var known = FeatureCatalog.Known.Keys.Concat(Features.Keys).Order(StringComparer.OrdinalIgnoreCase);
                Fail($"{where}: unknown feature '{s.Feature}' (known: {string.Join(", ", known)}; declare others under 'features' with their width)");
            }

            if (s.InputDim is < 1)
            {
                Fail($"{where}: inputDim must be positive");
            }

            var e = s.Encoder;
            switch (e.Type.ToLowerInvariant())
            {
                case "lstm":
                    if (e.Pooling.ToLowerInvariant() is not ("max" or "maxpool" or "last" or "mean"))
                    {
                        Fail($"{where}: unknown pooling '{e.Pooling}' (expected max, last or mean)");
                    }

                    break;
                case "textcnn":
                    if (e.Kernels.Count == 0 || e.Kernels.Any(k => k < 1))
                    {
                        Fail($"{where}: textcnn kernels must be a non-empty list of positive heights");
                    }

                    if (e.Channels < 1)
                    {
                        Fail($"{where}: textcnn channels must be positive");
                    }

                    break;
                case "pool":
                    break;
                default:
                    Fail($"{where}: unknown encoder '{e.Type}' (known: lstm, textcnn, pool)");
                    break;
            }

            if (e.Hidden < 1 || e.Dropout is < 0 or >= 1)
            {
                Fail($"{where}: encoder hidden must be positive and dropout in [0, 1)");
            }
        }

        if (ActiveStreams.Count == 0)
        {
            Fail($"no stream has a modality in [{string.Join(", ", Modalities)}]");
        }

        if (TokenOrder is not null)
        {
            foreach (var n in TokenOrder)
            {
                if (!names.Contains(n))
                {
                    Fail($"tokenOrder names '{n}', which is not a stream");
                }
            }

            if (TokenOrder.Distinct().Count() != TokenOrder.Count || TokenOrder.Count != Streams.Count)
            {
                Fail("tokenOrder must name every stream exactly once");
            }
        }

        if (Fusion.Layers < 0 || Fusion.Heads < 1 || Hidden % Fusion.Heads != 0 || Fusion.Ffn < 1 || Fusion.Dropout is < 0 or >= 1)
        {
            Fail($"fusion: layers >= 0, heads >= 1 dividing hidden ({Hidden}), ffn >= 1 and dropout in [0, 1) are required");
        }

        if (Interaction.Heads < 1 || Hidden % Interaction.Heads != 0 || Interaction.Dropout is < 0 or >= 1)
        {
            Fail($"interaction: heads >= 1 dividing hidden ({Hidden}) and dropout in [0, 1) are required");
        }

        if (Classifier.Layers.Count == 0 || Classifier.Layers.Any(l => l < 1) || Classifier.Dropout is < 0 or >= 1)
        {
            Fail("classifier: layers must be a non-empty list of positive widths and dropout in [0, 1)");
        }
    }
}

/// <summary>Training stage of the two-branch model.</summary>
public enum ModelStage
{
    /// <summary>Stage 1: emotion and intent heads on each branch's fused tokens (the baseline's pretrain model).</summary>
    Pretrain,

    /// <summary>Stage 2: the joint module links the branches; auxiliary heads see the raw encoder outputs.</summary>
    Joint,
}

/// <summary>One feature stream: a feature file per utterance, its encoder, and its token.</summary>
public sealed class StreamConfig
{
    /// <summary>Stream name; sub-networks are named net{Emo|Int}{Name} (e.g. netEmoA) and inputs input_{Name}.npy.</summary>
    public string Name { get; set; } = "";

    /// <summary>V, A or T.</summary>
    public string Modality { get; set; } = "";

    /// <summary>Feature name (see <see cref="FeatureCatalog"/>), i.e. the folder under feature_root.</summary>
    public string Feature { get; set; } = "";

    /// <summary>Overrides the feature's catalogue width.</summary>
    public int? InputDim { get; set; }

    /// <summary>For text streams: which text (subtitle, visual description, audio description, ...).</summary>
    public string? Source { get; set; }

    /// <summary>The sequence encoder.</summary>
    public EncoderConfig Encoder { get; set; } = new();

    /// <summary>Force a projector (Linear + ReLU to the token width) even when the encoder already outputs it.</summary>
    public bool Project { get; set; }
}

/// <summary>A sequence encoder: an LSTM with pooling, or a TextCNN.</summary>
public sealed class EncoderConfig
{
    /// <summary><c>lstm</c>, <c>textcnn</c> or <c>pool</c> (masked mean over time, then Linear + ReLU).</summary>
    public string Type { get; set; } = "lstm";

    /// <summary>Output width: LSTM hidden size, or TextCNN embedding size.</summary>
    public int Hidden { get; set; } = 128;

    /// <summary>LSTM pooling over time: <c>max</c> (baseline), <c>last</c> or <c>mean</c>.</summary>
    public string Pooling { get; set; } = "max";

    /// <summary>TextCNN kernel heights.</summary>
    public List<int> Kernels { get; set; } = [2, 3, 4];

    /// <summary>TextCNN output channels per kernel.</summary>
    public int Channels { get; set; } = 128;

    /// <summary>TextCNN (and pool) dropout before the projection.</summary>
    public double Dropout { get; set; } = 0.5;
}

/// <summary>The Transformer fusion encoder over the modality tokens (sequence-first, post-norm, ReLU, no positions).</summary>
public sealed class FusionConfig
{
    /// <summary>Number of encoder layers (baseline 1, seed 2).</summary>
    public int Layers { get; set; } = 1;

    /// <summary>Attention heads.</summary>
    public int Heads { get; set; } = 2;

    /// <summary>Feed-forward width.</summary>
    public int Ffn { get; set; } = 2048;

    /// <summary>Dropout inside each layer.</summary>
    public double Dropout { get; set; } = 0.1;
}

/// <summary>The joint emotion–intent module (figure 2).</summary>
public sealed class InteractionConfig
{
    /// <summary>Heads of both attentions.</summary>
    public int Heads { get; set; } = 1;

    /// <summary>Attention dropout.</summary>
    public double Dropout { get; set; }
}

/// <summary>The fully connected heads.</summary>
public sealed class ClassifierConfig
{
    /// <summary>Hidden widths (baseline 128, 64).</summary>
    public List<int> Layers { get; set; } = [128, 64];

    /// <summary>Dropout after each hidden layer.</summary>
    public double Dropout { get; set; } = 0.2;
}
