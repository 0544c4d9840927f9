using System.Text.Json;
using Meiju.Metrics;
using Meiju.Model;
using TorchSharp;

namespace Meiju.Training;

/// <summary>
/// A model to predict with: a finished run folder (its <c>model.json</c> names the selected weights and the
/// track), or a plain Meiju model folder (<c>config.json</c> + <c>model.safetensors</c>, e.g. from
/// <c>meiju checkpoint import</c>). <c>meiju evaluate --model</c> and <c>meiju submit</c> read it.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    /// <summary>The selection file of a finished run folder.</summary>
    public const string CardFile = "model.json";

    private TrainedModel(MeijuModel model, ModelCard card, torch.Device device)
    {
        Model = model;
        Card = card;
        Device = device;
    }

    /// <summary>The model with the selected weights, on <see cref="Device"/>, in eval mode.</summary>
    public MeijuModel Model { get; }

    /// <summary>What <c>model.json</c> says (for a plain model folder: its name and stage only).</summary>
    public ModelCard Card { get; }

    /// <summary>Where the model runs.</summary>
    public torch.Device Device { get; }

    /// <summary>The track the run selected for (Track 2 for plain model folders).</summary>
    public ChallengeTrack Track => ChallengeTrackExtensions.FromNumber(Card.Track);

    /// <summary>Frames every batch needs at least.</summary>
    public int MinFrames => TrainingStream.MinFrames(Model.Config);

    /// <summary>Loads a run folder written by <see cref="Trainer"/>, or a plain model folder.</summary>
    /// <exception cref="MeijuDataException">Not a finished run or model folder, or corrupt/mismatched weights.</exception>
    public static TrainedModel Load(string dir, bool cpu = false)
    {
        if (!Directory.Exists(dir))
        {
            throw new MeijuDataException(dir, "model folder not found");
        }

        var cardPath = Path.Combine(dir, CardFile);
        ModelCard card;
        string weights;
        if (File.Exists(cardPath))
        {
            try
            {
                card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(cardPath), TrainingConfig.Json)
                    ?? throw new MeijuDataException(cardPath, "model.json is empty");
            }
            catch (JsonException ex)
            {
                throw new MeijuDataException(cardPath, "malformed model.json: " + ex.Message);
            }

            weights = Path.Combine(dir, card.Weights);
        }
        else if (File.Exists(Path.Combine(dir, ModelCheckpoint.ConfigFileName)))
        {
            card = new ModelCard { Track = 2 };
            weights = dir;
        }
        else
        {
            throw new MeijuDataException(dir, File.Exists(Path.Combine(dir, Trainer.CheckpointFile))
                ? "the run has not finished (no model.json); continue it with meiju train --resume"
                : "not a run folder (no model.json) nor a model folder (no config.json)");
        }

        var model = ModelCheckpoint.Load(weights);
        var device = TrainingDevice.Select(cpu);
        model.to(device);
        model.eval();
        if (card.Name.Length == 0)
        {
            card = card with { Name = model.Config.Name, Stage = StagePlan.Number(model.Stage), Parameters = model.ParameterCount };
        }

        return new TrainedModel(model, card, device);
    }

    /// <summary>Predicts every utterance of <paramref name="split"/>.</summary>
    public Predictions Predict(TrainingSplit split, int batchSize = 32) =>
        Evaluator.Predict(Model, split, Device, batchSize, MinFrames);

    /// <summary>The streams this model reads.</summary>
    public IReadOnlyList<TrainingStream> Streams => TrainingStream.Of(Model.Config);

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}

/// <summary>The contents of <c>model.json</c>.</summary>
public sealed record ModelCard
{
    /// <summary>Config name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Model folder (inside the run folder) with the selected weights.</summary>
    public string Weights { get; init; } = "";

    /// <summary>Stage whose heads predict (2 with the joint module, else 1).</summary>
    public int Stage { get; init; }

    /// <summary>Selected (best) epoch of that stage.</summary>
    public int Epoch { get; init; }

    /// <summary>Seed of the run.</summary>
    public long Seed { get; init; }

    /// <summary>Track whose metric selected the epoch.</summary>
    public int Track { get; init; } = 2;

    /// <summary>Parameters of the model.</summary>
    public long Parameters { get; init; }

    /// <summary>Validation scores at the selected epoch.</summary>
    public SplitScores? Valid { get; init; }
}

/// <summary>Chooses where tensors live.</summary>
public static class TrainingDevice
{
    /// <summary>CUDA when torch finds it (and <paramref name="cpu"/> is false), otherwise the CPU.</summary>
    public static torch.Device Select(bool cpu = false) =>
        !cpu && torch.cuda.is_available() ? torch.CUDA : torch.CPU;
}
