using System.Text.Json;
using Meiju.Metrics;

namespace Meiju.Training;

/// <summary>
/// What post-hoc fitting stores with a model (<c>calibration.json</c> in the run folder): one softmax temperature
/// per task and per-class decision biases per task. <see cref="TrainedModel"/> applies them when it predicts.
/// </summary>
public sealed record ScoreCalibration
{
    /// <summary>The file inside a run folder.</summary>
    public const string FileName = "calibration.json";

    /// <summary>Emotion softmax temperature (1: none).</summary>
    public double EmotionTemperature { get; init; } = 1.0;

    /// <summary>Intent softmax temperature (1: none).</summary>
    public double IntentTemperature { get; init; } = 1.0;

    /// <summary>Per-class emotion logit biases added before the argmax; null: none.</summary>
    public float[]? EmotionBias { get; init; }

    /// <summary>Per-class intent logit biases; null: none.</summary>
    public float[]? IntentBias { get; init; }

    /// <summary>Utterances the values were fitted on.</summary>
    public int FittedOn { get; init; }

    /// <summary>
    /// Fits on labelled logits: temperatures by NLL when <see cref="CalibrationOptions.Temperature"/>, biases for
    /// <paramref name="track"/>'s F1 average when <see cref="CalibrationOptions.Thresholds"/>.
    /// </summary>
    public static ScoreCalibration Fit(SplitLogits logits, CalibrationOptions options, ChallengeTrack track) => new()
    {
        EmotionTemperature = options.Temperature ? Calibration.FitTemperature(logits.Emotion, logits.GoldEmotion) : 1.0,
        IntentTemperature = options.Temperature ? Calibration.FitTemperature(logits.Intent, logits.GoldIntent) : 1.0,
        EmotionBias = options.Thresholds ? DecisionBiases.Tune(logits.Emotion, logits.GoldEmotion, track.Metric()) : null,
        IntentBias = options.Thresholds ? DecisionBiases.Tune(logits.Intent, logits.GoldIntent, track.Metric()) : null,
        FittedOn = logits.Count,
    };

    /// <summary>
    /// Honest post-hoc scores: validation is split in two seeded halves; each half is predicted with the values
    /// fitted on the other. Returns the predictions for all of validation and the emotion and intent ECE of the
    /// temperature-scaled probabilities.
    /// </summary>
    public static (Predictions Predictions, double EmotionEce, double IntentEce) CrossFit(SplitLogits logits, CalibrationOptions options, ChallengeTrack track, long seed)
    {
        var rng = new SplitMix(seed, 0xCA1);
        var order = Enumerable.Range(0, logits.Count).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        int[][] halves = [order[..(order.Length / 2)], order[(order.Length / 2)..]];
        var emo = new int[logits.Count];
        var intent = new int[logits.Count];
        var scaledE = new float[logits.Count][];
        var scaledI = new float[logits.Count][];
        for (var h = 0; h < 2; h++)
        {
            var fit = Fit(logits.Subset(halves[1 - h]), options, track);
            var test = logits.Subset(halves[h]);
            var p = test.ToPredictions(fit.EmotionBias, fit.IntentBias);
            for (var k = 0; k < halves[h].Length; k++)
            {
                emo[halves[h][k]] = p.Emotion[k];
                intent[halves[h][k]] = p.Intent[k];
                scaledE[halves[h][k]] = test.Emotion[k].Select(v => (float)(v / fit.EmotionTemperature)).ToArray();
                scaledI[halves[h][k]] = test.Intent[k].Select(v => (float)(v / fit.IntentTemperature)).ToArray();
            }
        }

        // ECE over all of validation at once, each row scaled by its other half's temperature.
        return (new Predictions(logits.Names, emo, intent, logits.GoldEmotion, logits.GoldIntent),
            Calibration.ExpectedCalibrationError(scaledE, logits.GoldEmotion),
            Calibration.ExpectedCalibrationError(scaledI, logits.GoldIntent));
    }

    /// <summary>Reads <c>calibration.json</c> from a run folder, or null when there is none.</summary>
    /// <exception cref="MeijuDataException">Malformed file.</exception>
    public static ScoreCalibration? Read(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ScoreCalibration>(File.ReadAllText(path), TrainingConfig.Json)
                ?? throw new MeijuDataException(path, "empty calibration file");
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(path, "malformed calibration file: " + ex.Message);
        }
    }

    /// <summary>Writes <c>calibration.json</c> into <paramref name="runDir"/> atomically.</summary>
    public void Write(string runDir) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(this, TrainingConfig.Json));
}
