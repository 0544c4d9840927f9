using System.Text.Json;
using Meiju.Training.StandIns;
using TorchSharp;

namespace Meiju.Training;

/// <summary>
/// A finished run folder as a model: <c>config.json</c>, <c>model.json</c> (which weights, which stage, the
/// selection scores) and the best epoch's weights. <c>meiju evaluate --model</c> and <c>meiju submit</c> read it.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(TrainingConfig config, ModelCard card, IJointModel model, torch.Device device)
    {
        Config = config;
        Card = card;
        Model = model;
        Device = device;
    }

    /// <summary>The run's config.</summary>
    public TrainingConfig Config { get; }

    /// <summary>What <c>model.json</c> says.</summary>
    public ModelCard Card { get; }

    /// <summary>The model with the selected weights, on <see cref="Device"/>.</summary>
    public IJointModel Model { get; }

    /// <summary>Where the model runs.</summary>
    public torch.Device Device { get; }

    /// <summary>The stage whose heads produce the predictions.</summary>
    public TrainingStage Stage => (TrainingStage)Card.Stage;

    /// <summary>Loads a run folder written by <see cref="Trainer"/>.</summary>
    /// <exception cref="MeijuDataException">Not a finished run, or corrupt/mismatched weights.</exception>
    public static TrainedModel Load(string dir, bool cpu = false)
    {
        var cardPath = Path.Combine(dir, "model.json");
        if (!File.Exists(cardPath))
        {
            throw new MeijuDataException(cardPath, "not a finished run folder (no model.json; train it to the end, or --resume it)");
        }

        ModelCard card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(cardPath), TrainingConfig.Json)
                ?? throw new MeijuDataException(cardPath, "model.json is empty");
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(cardPath, "malformed model.json: " + ex.Message);
        }

        var config = TrainingConfig.Load(Path.Combine(dir, "config.json"));
        var device = TrainingDevice.Select(cpu);
        var model = JointModelFactory.Create(config);
        model.Module.to(device);
        Checkpoint.LoadWeights(Path.Combine(dir, card.Weights), model.Module);
        return new TrainedModel(config, card, model, device);
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}

/// <summary>The contents of <c>model.json</c>.</summary>
public sealed record ModelCard
{
    /// <summary>Config name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Weights file in the run folder.</summary>
    public string Weights { get; init; } = "";

    /// <summary>Stage whose heads predict (2 with the joint module, else 1).</summary>
    public int Stage { get; init; }

    /// <summary>Selected (best) epoch of that stage.</summary>
    public int Epoch { get; init; }

    /// <summary>Seed of the run.</summary>
    public long Seed { get; init; }

    /// <summary>Parameters used at inference.</summary>
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
