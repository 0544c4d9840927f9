namespace Meiju.Training;

/// <summary>One epoch's numbers, as written to <c>metrics.csv</c> and <c>metrics.json</c>.</summary>
public sealed record EpochRecord
{
    /// <summary>Stage (1 or 2).</summary>
    public int Stage { get; init; }

    /// <summary>0-based epoch within the stage.</summary>
    public int Epoch { get; init; }

    /// <summary>Learning rate used in the epoch.</summary>
    public double LearningRate { get; init; }

    /// <summary>Mean training loss over the epoch's batches.</summary>
    public double TrainLoss { get; init; }

    /// <summary>Validation scores of the epoch.</summary>
    public required SplitScores Valid { get; init; }

    /// <summary>Wall-clock seconds of the epoch (training and validation); the only non-deterministic field.</summary>
    public double Seconds { get; init; }

    /// <summary>CSV header matching <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "stage,epoch,lr,train_loss,emo_weighted_f1,int_weighted_f1,emo_micro_f1,int_micro_f1,emo,int,jrbm,seconds";

    /// <summary>One CSV row (invariant culture).</summary>
    public string ToCsv() => string.Join(',',
        Stage, Epoch, F(LearningRate), F(TrainLoss), F(Valid.EmotionWeightedF1), F(Valid.IntentWeightedF1),
        F(Valid.EmotionMicroF1), F(Valid.IntentMicroF1), F(Valid.Emotion), F(Valid.Intent), F(Valid.Jrbm), F(Seconds));

    private static string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
