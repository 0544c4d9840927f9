using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meiju.Inference;

/// <summary>
/// How a model folder wants a raw clip turned into its inputs (<c>inference.json</c> next to the weights; optional):
/// the time pooling of each stream's frame features and the class names. Models trained on utterance-level vectors
/// (like meiju-base) say <c>mean</c> or <c>meanstd</c> here so the video path feeds what training fed.
/// </summary>
public sealed record InferenceSettings
{
    /// <summary>The file name inside a model folder.</summary>
    public const string FileName = "inference.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Per stream name: <c>none</c> (default: frames as extracted), <c>mean</c> or <c>meanstd</c>.</summary>
    public Dictionary<string, string> Pooling { get; init; } = [];

    /// <summary>Emotion class names in logit order; null: MEIJU's 7 when the model has 7 classes.</summary>
    public List<string>? EmotionLabels { get; init; }

    /// <summary>Intent class names in logit order; null: MEIJU's 8 when the model has 8 classes.</summary>
    public List<string>? IntentLabels { get; init; }

    /// <summary>Reads <c>inference.json</c> from <paramref name="modelDir"/>, or the defaults when it has none.</summary>
    /// <exception cref="MeijuDataException">The file is malformed or names an unknown pooling.</exception>
    public static InferenceSettings Load(string modelDir)
    {
        var path = Path.Combine(modelDir, FileName);
        if (!File.Exists(path))
        {
            return new InferenceSettings();
        }

        InferenceSettings settings;
        try
        {
            settings = JsonSerializer.Deserialize<InferenceSettings>(File.ReadAllText(path), Json)
                ?? throw new MeijuDataException(path, "inference.json is empty");
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(path, "malformed inference.json: " + ex.Message, ex.LineNumber is { } l ? (int)l + 1 : null);
        }

        foreach (var (stream, pooling) in settings.Pooling)
        {
            if (!FeaturePooling.IsKnown(pooling))
            {
                throw new MeijuDataException(path, $"stream '{stream}': unknown pooling '{pooling}' (expected none, mean or meanstd)");
            }
        }

        return settings;
    }

    /// <summary>Writes the settings as <c>inference.json</c> into <paramref name="modelDir"/>, atomically.</summary>
    public void Save(string modelDir) =>
        AtomicFile.WriteAllText(Path.Combine(modelDir, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>The pooling of <paramref name="stream"/> (<c>none</c> when not listed).</summary>
    public string PoolingOf(string stream) => Pooling.TryGetValue(stream, out var p) ? p : FeaturePooling.None;
}
