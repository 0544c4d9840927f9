using System.Text.Json;
using System.Text.Json.Serialization;
using Meiju.IO;

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
        AllowDuplicateProperties = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Per stream name: <c>none</c> (default: frames as extracted), <c>mean</c> or <c>meanstd</c>.</summary>
    public Dictionary<string, string> Pooling { get; init; } = [];

    /// <summary>
    /// Per stream name, standardisation applied after pooling: (x − mean) / std per column, with the training set's
    /// statistics (features such as pitch in Hz and MFCCs differ in scale by orders of magnitude).
    /// </summary>
    public Dictionary<string, FeatureNormalization> Normalization { get; init; } = [];

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
            var text = File.ReadAllText(path);
            JsonDuplicateKeys.Refuse(text, path);
            settings = JsonSerializer.Deserialize<InferenceSettings>(text, Json)
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

    /// <summary>Pools then (when listed) standardises <paramref name="features"/> of <paramref name="stream"/>.</summary>
    public NpyArray Prepare(string stream, NpyArray features)
    {
        var pooled = FeaturePooling.Apply(features, PoolingOf(stream));
        return Normalization.TryGetValue(stream, out var n) ? n.Apply(pooled) : pooled;
    }

    /// <summary>The pooling of <paramref name="stream"/> (<c>none</c> when not listed).</summary>
    public string PoolingOf(string stream) => Pooling.TryGetValue(stream, out var p) ? p : FeaturePooling.None;
}

/// <summary>Column-wise standardisation of a feature: (x − Mean) / Std.</summary>
/// <param name="Mean">Per-column mean.</param>
/// <param name="Std">Per-column standard deviation (floored, so constant columns do not divide by zero).</param>
public sealed record FeatureNormalization(float[] Mean, float[] Std)
{
    /// <summary>Column statistics of <paramref name="rows"/> (all of width D).</summary>
    public static FeatureNormalization Fit(IReadOnlyList<float[]> rows)
    {
        var d = rows[0].Length;
        var mean = new double[d];
        var sq = new double[d];
        foreach (var r in rows)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += r[j];
                sq[j] += (double)r[j] * r[j];
            }
        }

        var m = new float[d];
        var s = new float[d];
        for (var j = 0; j < d; j++)
        {
            var mu = mean[j] / rows.Count;
            m[j] = (float)mu;
            s[j] = (float)Math.Max(1e-3, Math.Sqrt(Math.Max(0, (sq[j] / rows.Count) - (mu * mu))));
        }

        return new FeatureNormalization(m, s);
    }

    /// <summary>Standardises every row of <paramref name="features"/>.</summary>
    /// <exception cref="ArgumentException">The width differs from the statistics'.</exception>
    public NpyArray Apply(NpyArray features)
    {
        var d = features.RowWidth;
        if (d != Mean.Length)
        {
            throw new ArgumentException($"features are {d} wide but the normalisation has {Mean.Length} columns", nameof(features));
        }

        var data = new float[features.Rows * d];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (features.Data[i] - Mean[i % d]) / Std[i % d];
        }

        return new NpyArray(features.Shape, data);
    }

    /// <summary>A standardised copy of one row.</summary>
    public float[] ApplyRow(float[] row)
    {
        var result = new float[row.Length];
        for (var j = 0; j < row.Length; j++)
        {
            result[j] = (row[j] - Mean[j]) / Std[j];
        }

        return result;
    }
}
