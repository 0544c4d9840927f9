using Meiju.IO;
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
        AllowDuplicateProperties = false,
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
        var text = File.ReadAllText(nameOrPath);
        JsonDuplicateKeys.Refuse(text, nameOrPath);
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
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
            var model = ModelConfig.Parse(text, nameOrPath);
            return new TrainingConfig { Name = model.Name, Model = model };
        }

        return FromJson(obj, nameOrPath, text);
    }

    /// <summary>Parses the file form; <paramref name="source"/> names it in errors.</summary>
    /// <param name="obj">The parsed file.</param>
    /// <param name="source">What names it in errors.</param>
    /// <param name="fileText">The file's text, when there is one: sections are then read from it so errors carry its line numbers.</param>
    /// <exception cref="MeijuDataException">Missing model, unknown key or invalid value.</exception>
    public static TrainingConfig FromJson(JsonObject obj, string source, string? fileText = null)
    {
        fileText ??= obj.ToJsonString();
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
            JsonObject => ModelConfig.ParseInline(fileText, source),
            _ => throw new MeijuDataException(source, "'model' must name a model configuration (built-in name or path) or hold one inline"),
        };

        TrainingOptions training;
        try
        {
            training = JsonSerializer.Deserialize<TrainingSection>(fileText, Json)?.Training ?? new TrainingOptions();
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(source, "invalid 'training' section: " + ex.Message, ex.LineNumber is { } l ? (int)l + 1 : null);
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

    /// <summary>Only the <c>training</c> key of the file; its other keys are read elsewhere.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
    private sealed class TrainingSection
    {
        public TrainingOptions? Training { get; set; }
    }
}
