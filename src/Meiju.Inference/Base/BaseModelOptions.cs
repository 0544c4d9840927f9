namespace Meiju.Inference.Base;

/// <summary>Settings of the meiju-base recipe (<c>meiju base train</c>); the defaults are the shipped model's.</summary>
public sealed record BaseModelOptions
{
    /// <summary>The shared data folder (<c>../shared/data</c>) holding meld-text, mintrec-text, dailydialog, ravdess-speech-16k and fer2013.</summary>
    public required string DataRoot { get; init; }

    /// <summary>Output model folder (weights, config, inference.json, model card).</summary>
    public required string OutDir { get; init; }

    /// <summary>Folder for the extracted per-item features (reused by later runs); default <c>OutDir/../.meiju-base-cache</c>.</summary>
    public string? CacheDir { get; init; }

    /// <summary>The one seed of sampling, pairing, initialisation and batch order.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Training epochs (fixed: held-out splits never select anything).</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Paired emotion examples per class and epoch.</summary>
    public int EmotionExamplesPerClass { get; init; } = 400;

    /// <summary>Intent examples per class and epoch (at most; classes with fewer items are repeated).</summary>
    public int IntentExamplesPerClass { get; init; } = 300;

    /// <summary>Probability that a modality is present in a paired emotion example (at least one always is).</summary>
    public double PresentProbability { get; init; } = 0.5;

    /// <summary>At most this many MELD training utterances per emotion (seeded sample).</summary>
    public int MeldPerClass { get; init; } = 1200;

    /// <summary>At most this many FER-2013 images per class (seeded; 20 % of them held out).</summary>
    public int FerPerClass { get; init; } = 700;

    /// <summary>DailyDialog training dialogues used (seeded sample of the 11,118).</summary>
    public int DailyDialogTrainDialogues { get; init; } = 600;

    /// <summary>DailyDialog validation dialogues scored (seeded sample of the 1,000).</summary>
    public int DailyDialogValidDialogues { get; init; } = 300;

    /// <summary>Batch size.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>AdamW learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Threads for feature extraction.</summary>
    public int Jobs { get; init; } = 1;
}
