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

/// <summary>Scores of one split: both F1 variants for both tasks, and the track's E, I and JRBM.</summary>
public sealed record SplitScores
{
    /// <summary>Emotion weighted F1.</summary>
    public double EmotionWeightedF1 { get; init; }

    /// <summary>Intent weighted F1.</summary>
    public double IntentWeightedF1 { get; init; }

    /// <summary>Emotion micro F1 (accuracy).</summary>
    public double EmotionMicroF1 { get; init; }

    /// <summary>Intent micro F1 (accuracy).</summary>
    public double IntentMicroF1 { get; init; }

    /// <summary>The track's emotion metric (weighted F1 for Track 1, micro for Track 2).</summary>
    public double Emotion { get; init; }

    /// <summary>The track's intent metric.</summary>
    public double Intent { get; init; }

    /// <summary>JRBM of <see cref="Emotion"/> and <see cref="Intent"/>.</summary>
    public double Jrbm { get; init; }
}
