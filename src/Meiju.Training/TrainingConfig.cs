using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Meiju.Metrics;
using Meiju.Model;

namespace Meiju.Training;

/// <summary>
/// A training run described as data: the model (a <see cref="ModelConfig"/>, inline or by name/path) and the
/// recipe (<see cref="TrainingOptions"/>). A plain model configuration (e.g. <c>configs/baseline.json</c> or the
/// name <c>baseline</c>) is accepted too and trains with the baseline's recipe.
/// </summary>
/// <remarks>
/// File form: <c>{ "name": "...", "model": "baseline" | { model config }, "training": { ... } }</c>. The model's
/// stage decides the schedule: <c>joint</c> trains stage 1 then stage 2 (joint module); <c>pretrain</c> trains one
/// stage without the joint module.
/// </remarks>
public sealed record TrainingConfig
{
    /// <summary>Serialiser settings for the training part, camelCase like model configs.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A short name for run folders and tables.</summary>
    public required string Name { get; init; }

    /// <summary>The model; its stage says whether the joint module (and so stage 2) is trained.</summary>
    public required ModelConfig Model { get; init; }

    /// <summary>The recipe.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Whether training has a second stage with the joint module.</summary>
    public bool Joint => Model.ParsedStage == ModelStage.Joint;

    /// <summary>
    /// Loads a training config file, a model config file, or a built-in model config by name (<c>baseline</c>, <c>seed</c>).
    /// </summary>
    /// <exception cref="MeijuDataException">Missing, malformed or invalid; the message names the file.</exception>
    public static TrainingConfig Load(string nameOrPath)
    {
        if (!File.Exists(nameOrPath))
        {
            var model = ModelConfig.Load(nameOrPath);
            return new TrainingConfig { Name = model.Name, Model = model };
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(nameOrPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(nameOrPath, "malformed JSON: " + ex.Message, ex.LineNumber is { } l ? (int)l + 1 : null);
        }

        if (root is not JsonObject obj)
        {
            throw new MeijuDataException(nameOrPath, "expected a JSON object");
        }

        if (obj.ContainsKey("streams"))
        {
            var model = ModelConfig.Parse(obj.ToJsonString(), nameOrPath);
            return new TrainingConfig { Name = model.Name, Model = model };
        }

        return FromJson(obj, nameOrPath);
    }

    /// <summary>Parses the file form; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="MeijuDataException">Missing model, unknown key or invalid value.</exception>
    public static TrainingConfig FromJson(JsonObject obj, string source)
    {
        foreach (var key in obj.Select(p => p.Key))
        {
            if (key is not ("name" or "description" or "model" or "training"))
            {
                throw new MeijuDataException(source, $"unknown key '{key}' (expected name, description, model, training)");
            }
        }

        ModelConfig model = obj["model"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var reference) => ModelConfig.Load(ResolveReference(reference, source)),
            JsonObject o => ModelConfig.Parse(o.ToJsonString(), source),
            _ => throw new MeijuDataException(source, "'model' must name a model configuration (built-in name or path) or hold one inline"),
        };

        TrainingOptions training;
        try
        {
            training = obj["training"]?.Deserialize<TrainingOptions>(Json) ?? new TrainingOptions();
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(source, "invalid 'training' section: " + ex.Message);
        }

        var name = obj["name"]?.GetValue<string>() ?? model.Name;
        var config = new TrainingConfig { Name = name, Model = model, Training = training };
        config.Validate(source);
        return config;
    }

    /// <summary>The config in file form, with the model inline (what a run folder keeps).</summary>
    public string ToJson()
    {
        var obj = new JsonObject
        {
            ["name"] = Name,
            ["model"] = JsonNode.Parse(Model.ToJson()),
            ["training"] = JsonSerializer.SerializeToNode(Training, Json),
        };
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes <see cref="ToJson"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    /// <summary>Checks the recipe (the model config validates itself).</summary>
    /// <exception cref="MeijuDataException">The first problem, naming <paramref name="source"/>.</exception>
    public void Validate(string source)
    {
        Model.Validate(source);
        var t = Training;
        if (t.BatchSize < 1 || t.LearningRate <= 0 || t.Stage1.Epochs < 1 || (Joint && t.Stage2.Epochs < 1)
            || t.Stage1.Niter < 0 || t.Stage1.NiterDecay < 0 || t.Stage2.Niter < 0 || t.Stage2.NiterDecay < 0)
        {
            throw new MeijuDataException(source, "training: batchSize, learningRate and each stage's epochs (niter + niterDecay) must be positive");
        }

        if (t.Track is not (1 or 2))
        {
            throw new MeijuDataException(source, "training: track must be 1 or 2");
        }

        if (t.WeightDecay < 0 || t.ClipNorm < 0 || t.Beta1 is < 0 or >= 1 || t.Beta2 is < 0 or >= 1)
        {
            throw new MeijuDataException(source, "training: weightDecay and clipNorm must be >= 0, betas in [0, 1)");
        }
    }

    /// <summary>A copy with each stage lasting <paramref name="epochs"/> epochs, a third at the full rate (as 20 + 40).</summary>
    public TrainingConfig WithEpochs(int epochs)
    {
        var niter = (epochs + 2) / 3;
        var schedule = new StageSchedule(niter, epochs - niter);
        return this with { Training = Training with { Stage1 = schedule, Stage2 = schedule } };
    }

    /// <summary>A copy restricted to <paramref name="modalities"/> (e.g. <c>VT</c>).</summary>
    public TrainingConfig WithModalities(string modalities) => this with { Model = Model.WithModalities(modalities) };

    /// <summary>A copy with or without the joint module.</summary>
    public TrainingConfig WithJoint(bool joint) => this with { Model = Model.WithStage(joint ? ModelStage.Joint : ModelStage.Pretrain) };

    /// <summary>The challenge track as the metrics library names it.</summary>
    public ChallengeTrack Track => ChallengeTrackExtensions.FromNumber(Training.Track);

    private static string ResolveReference(string reference, string source)
    {
        var relative = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".", reference);
        return File.Exists(relative) ? relative : reference;
    }
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
    public bool ClassWeights { get; init; }

    /// <summary>The auxiliary focal term on stage 2's auxiliary heads (Track 2).</summary>
    public AuxiliaryLoss AuxLoss { get; init; } = AuxiliaryLoss.BatchMean;

    /// <summary>Focal weight α.</summary>
    public double FocalAlpha { get; init; } = 0.5;

    /// <summary>Focal exponent γ (the baseline's term is cubed).</summary>
    public double FocalGamma { get; init; } = 3.0;

    /// <summary>Stage 1 schedule (the baseline pretrains 20 + 40 epochs).</summary>
    public StageSchedule Stage1 { get; init; } = new(20, 40);

    /// <summary>Stage 2 schedule (the baseline trains 15 + 45 epochs).</summary>
    public StageSchedule Stage2 { get; init; } = new(15, 45);

    /// <summary>Bytes of features kept in memory between epochs (read from disk again beyond that).</summary>
    public long FeatureCacheBytes { get; init; } = 2L << 30;
}

/// <summary>Epochs at the initial learning rate, then epochs of linear decay.</summary>
/// <param name="Niter">Epochs at the initial learning rate.</param>
/// <param name="NiterDecay">Epochs of linear decay after that.</param>
public sealed record StageSchedule(int Niter, int NiterDecay)
{
    /// <summary>Total epochs of the stage.</summary>
    [JsonIgnore]
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
    /// fusion, starts the joint module and heads fresh, and trains everything (plus the auxiliary focal term).
    /// </summary>
    Baseline,

    /// <summary>
    /// The seed paper: stage 1 trains the emotion and intent classifiers; stage 2 freezes them (encoders and
    /// fusion) and trains only the joint module and its heads.
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
