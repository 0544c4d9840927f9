using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meiju.Training;

/// <summary>
/// A whole run described as data: which feature streams feed which modality, the model's shape and the training
/// recipe. Loaded from JSON (<c>configs/*.json</c>); every field has the official baseline's value as default.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>A short name (<c>baseline</c>, <c>seed</c>, ...), written into run folders and tables.</summary>
    public string Name { get; init; } = "baseline";

    /// <summary>Feature streams; each becomes one encoder and one fusion token, in list order.</summary>
    public IReadOnlyList<FeatureStream> Features { get; init; } =
    [
        new("V", "ResNet-50", 342),
        new("A", "wav2vec", 512),
        new("L", "RoBERTa", 768),
    ];

    /// <summary>Model shape.</summary>
    public ModelOptions Model { get; init; } = new();

    /// <summary>Training recipe.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Serialiser settings shared by configs, checkpoints' headers and metrics JSON.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Reads and validates a config file.</summary>
    /// <exception cref="MeijuDataException">Missing file, malformed JSON or an invalid value.</exception>
    public static TrainingConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "config file not found");
        }

        TrainingConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<TrainingConfig>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(path, "malformed config: " + ex.Message, (int?)(ex.LineNumber + 1));
        }

        if (config is null)
        {
            throw new MeijuDataException(path, "config is empty");
        }

        config.Validate(path);
        return config;
    }

    /// <summary>Writes the config as JSON (atomically).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>The config as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Checks values that would otherwise fail deep inside training; <paramref name="source"/> names the file.</summary>
    /// <exception cref="MeijuDataException">The first problem found.</exception>
    public void Validate(string source)
    {
        if (Features.Count == 0)
        {
            throw new MeijuDataException(source, "config lists no feature streams");
        }

        foreach (var f in Features)
        {
            if (string.IsNullOrWhiteSpace(f.Name))
            {
                throw new MeijuDataException(source, "a feature stream has no name");
            }

            if (f.Modality is not ("A" or "V" or "L"))
            {
                throw new MeijuDataException(source, $"feature '{f.Name}': modality must be A, V or L, not '{f.Modality}'");
            }

            if (f.Dim <= 0)
            {
                throw new MeijuDataException(source, $"feature '{f.Name}': dim must be positive");
            }
        }

        var dup = Features.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new MeijuDataException(source, $"feature '{dup.Key}' is listed twice");
        }

        if (Model.Hidden <= 0 || Model.FusionHeads <= 0 || Model.Hidden % Model.FusionHeads != 0)
        {
            throw new MeijuDataException(source, "model.hidden must be positive and divisible by model.fusion_heads");
        }

        var t = Training;
        if (t.BatchSize <= 0 || t.LearningRate <= 0 || t.Stage1.Epochs <= 0 || (Model.Joint && t.Stage2.Epochs <= 0))
        {
            throw new MeijuDataException(source, "training: batch_size, learning_rate and stage epochs must be positive");
        }
    }

    /// <summary>The config restricted to the modalities in <paramref name="subset"/> (e.g. <c>VT</c>; T means L).</summary>
    public TrainingConfig WithModalities(string subset)
    {
        var wanted = subset.ToUpperInvariant().Replace('T', 'L');
        var kept = Features.Where(f => wanted.Contains(f.Modality, StringComparison.Ordinal)).ToArray();
        return this with { Features = kept };
    }
}

/// <summary>One feature stream: <c>feature_root/&lt;Name&gt;/&lt;utt&gt;.npy</c> holding [T, Dim] frames.</summary>
/// <param name="Modality">A (audio), V (visual) or L (text); text streams go through TextCNN, others an LSTM.</param>
/// <param name="Name">Folder name under the feature root.</param>
/// <param name="Dim">Frame width D.</param>
public sealed record FeatureStream(string Modality, string Name, int Dim);

/// <summary>Model shape; defaults are the official baseline's.</summary>
public sealed record ModelOptions
{
    /// <summary>Encoder output and fusion width.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Transformer fusion layers (baseline 1, seed 2).</summary>
    public int FusionLayers { get; init; } = 1;

    /// <summary>Attention heads in fusion and interaction.</summary>
    public int FusionHeads { get; init; } = 2;

    /// <summary>Fusion feed-forward width.</summary>
    public int FusionFfn { get; init; } = 2048;

    /// <summary>Dropout inside the fusion transformer.</summary>
    public double FusionDropout { get; init; } = 0.1;

    /// <summary>Dropout in TextCNN and in the heads.</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>TextCNN kernel heights.</summary>
    public IReadOnlyList<int> TextKernels { get; init; } = [2, 3, 4];

    /// <summary>TextCNN channels per kernel.</summary>
    public int TextChannels { get; init; } = 128;

    /// <summary>Whether the emotion–intent joint (interaction) module is used (two stages) or not (one stage).</summary>
    public bool Joint { get; init; } = true;

    /// <summary>Mask zero padding in the encoders (off for the baseline, which runs over padding).</summary>
    public bool Masks { get; init; }
}

/// <summary>How the model is trained; defaults are the official baseline's Track 2 recipe.</summary>
public sealed record TrainingOptions
{
    /// <summary>Which two-stage recipe.</summary>
    public TrainingRecipe Recipe { get; init; } = TrainingRecipe.Baseline;

    /// <summary>Challenge track: 1 selects by weighted F1, 2 by micro F1.</summary>
    public int Track { get; init; } = 2;

    /// <summary>Utterances per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 2e-4;

    /// <summary>Adam beta1 (the baseline uses 0.5).</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam beta2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>L2 weight decay, actually applied (the baseline passes it but never uses it).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Gradient-norm clip per sub-network; 0 disables.</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>Weight cross-entropy by inverse training-class frequency.</summary>
    public bool ClassWeights { get; init; } = true;

    /// <summary>The auxiliary focal term on the auxiliary heads.</summary>
    public AuxiliaryLoss AuxLoss { get; init; } = AuxiliaryLoss.BatchMean;

    /// <summary>Focal weight α.</summary>
    public double FocalAlpha { get; init; } = 0.5;

    /// <summary>Focal exponent γ (the baseline's term is cubed).</summary>
    public double FocalGamma { get; init; } = 3.0;

    /// <summary>Stage 1 schedule (the baseline pretrains 20 + 40 epochs).</summary>
    public StageSchedule Stage1 { get; init; } = new(20, 40);

    /// <summary>Stage 2 schedule (the baseline trains 15 + 45 epochs).</summary>
    public StageSchedule Stage2 { get; init; } = new(15, 45);
}

/// <summary>Epochs at the full learning rate, then epochs of linear decay.</summary>
/// <param name="Niter">Epochs at the initial learning rate.</param>
/// <param name="NiterDecay">Epochs of linear decay after that.</param>
public sealed record StageSchedule(int Niter, int NiterDecay)
{
    /// <summary>Total epochs of the stage.</summary>
    public int Epochs => Niter + NiterDecay;

    /// <summary>
    /// The learning-rate factor for 0-based <paramref name="epoch"/>: 1 for the first <see cref="Niter"/> epochs,
    /// then 1 − k/(niter_decay + 1) for the k-th decay epoch (the baseline's linear rule).
    /// </summary>
    public double Factor(int epoch) => 1.0 - Math.Max(0, epoch + 1 - Niter) / (double)(NiterDecay + 1);
}

/// <summary>Two-stage recipes.</summary>
public enum TrainingRecipe
{
    /// <summary>
    /// The official baseline: stage 1 pretrains encoders, fusion and heads; stage 2 loads stage 1's encoders and
    /// fusion, starts the interaction modules and heads fresh, and trains everything.
    /// </summary>
    Baseline,

    /// <summary>
    /// The seed paper: stage 1 trains the emotion and intent classifiers; stage 2 freezes them and trains only the
    /// joint module and its heads.
    /// </summary>
    Paper,
}

/// <summary>Form of the auxiliary focal term.</summary>
public enum AuxiliaryLoss
{
    /// <summary>No auxiliary term.</summary>
    None,

    /// <summary>The baseline's: α(1 − e^(−c))^γ·c applied to the batch-mean cross-entropy c.</summary>
    BatchMean,

    /// <summary>A proper focal loss: the same expression per sample, then averaged.</summary>
    PerSample,
}
