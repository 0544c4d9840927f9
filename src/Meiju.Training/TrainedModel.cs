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

    private TrainedModel(MeijuModel model, ModelCard card, torch.Device device, ScoreCalibration? calibration)
    {
        Model = model;
        Card = card;
        Device = device;
        Calibration = calibration;
    }

    /// <summary>
    /// Temperatures and decision biases fitted on validation after training (<c>calibration.json</c>), or null.
    /// <see cref="Predict"/> applies the biases; the temperatures scale <see cref="Probabilities"/>.
    /// </summary>
    public ScoreCalibration? Calibration { get; }

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

        return new TrainedModel(model, card, device, File.Exists(cardPath) ? ScoreCalibration.Read(dir) : null);
    }

    /// <summary>
    /// Predicts every utterance of <paramref name="split"/>, with the stored decision biases if any, naming only
    /// classes of the split's label sets.
    /// </summary>
    /// <exception cref="MeijuDataException">The model has fewer outputs than a label set has classes.</exception>
    public Predictions Predict(TrainingSplit split, int batchSize = 32)
    {
        split.CheckFits(Model.Config);
        return Logits(split, batchSize).ToPredictions(Calibration?.EmotionBias, Calibration?.IntentBias, split.EmotionLabels.Count, split.IntentLabels.Count);
    }

    /// <summary>The raw logits of every utterance of <paramref name="split"/>.</summary>
    public SplitLogits Logits(TrainingSplit split, int batchSize = 32) =>
        Evaluator.PredictLogits(Model, split, Device, batchSize, MinFrames);

    /// <summary>Softmax probabilities of one row of emotion (or intent) logits, at the stored temperature.</summary>
    public double[] Probabilities(float[] logits, bool emotion) =>
        Metrics.Calibration.Softmax(logits, emotion ? Calibration?.EmotionTemperature ?? 1 : Calibration?.IntentTemperature ?? 1);

    /// <summary>The streams this model reads.</summary>
    public IReadOnlyList<TrainingStream> Streams => TrainingStream.Of(Model.Config);

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
