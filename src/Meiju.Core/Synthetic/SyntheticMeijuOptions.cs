using Meiju.Labels;

namespace Meiju.Synthetic;

/// <summary>What <see cref="SyntheticMeijuGenerator"/> writes. Every random choice is drawn from <see cref="Seed"/>.</summary>
public sealed record SyntheticMeijuOptions
{
    /// <summary>
    /// Emotion priors of MEIJU Track 2 English train, official order (happy, surprise, sad, disgust, anger, fear,
    /// neutral), counted from <c>meiju-labels/Track2_English/train_filelist.txt</c>: neutral is 48 %, disgust 1.9 %.
    /// </summary>
    public static IReadOnlyList<double> Track2EnglishEmotionCounts { get; } = [8758, 1200, 1870, 586, 3084, 867, 14955];

    /// <summary>Intent priors of the same list, official order (questioning ... wishing, neutral).</summary>
    public static IReadOnlyList<double> Track2EnglishIntentCounts { get; } = [7045, 2117, 416, 1248, 2829, 3314, 1877, 12474];

    /// <summary>The default features: A/V/L-like widths of the official baseline with short, varied lengths.</summary>
    public static IReadOnlyList<SyntheticFeature> DefaultFeatures { get; } =
    [
        new("wav2vec", 512, 20, 60),
        new("resnet", 342, 10, 30),
        new("roberta", 768, 6, 24),
    ];

    /// <summary>Training utterances (labelled).</summary>
    public int TrainCount { get; init; } = 200;

    /// <summary>Validation utterances (labelled).</summary>
    public int ValidCount { get; init; } = 50;

    /// <summary>Test utterances (the list carries names only; labels go to <c>Testing_answers.txt</c>).</summary>
    public int TestCount { get; init; } = 50;

    /// <summary>Features to write; by default <see cref="DefaultFeatures"/>.</summary>
    public IReadOnlyList<SyntheticFeature> Features { get; init; } = DefaultFeatures;

    /// <summary>
    /// Size of the class-mean offset in units of the per-value noise standard deviation (a frame's distance between
    /// two class means is about signal·√2, before averaging over frames). 0 plants nothing.
    /// </summary>
    public double Signal { get; init; } = 1.0;

    /// <summary>Fraction of each feature's dimensions that carry emotion signal (as many again carry intent).</summary>
    public double SignalFraction { get; init; } = 0.25;

    /// <summary>
    /// Probability that an utterance's intent is its emotion's partner intent (e.g. sad → consoling) rather than a
    /// draw from the intent prior; gives the joint model an emotion–intent correlation to exploit.
    /// </summary>
    public double Correlation { get; init; } = 0.4;

    /// <summary>Use MEIJU Track 2 English class priors (neutral-heavy) instead of uniform ones.</summary>
    public bool Imbalanced { get; init; }

    /// <summary>Explicit emotion weights (official order), overriding <see cref="Imbalanced"/>.</summary>
    public IReadOnlyList<double>? EmotionPriors { get; init; }

    /// <summary>Explicit intent weights (official order), overriding <see cref="Imbalanced"/>.</summary>
    public IReadOnlyList<double>? IntentPriors { get; init; }

    /// <summary>
    /// Emotion classes (default MEIJU's seven). Another set (e.g. <c>dailydialog-emotion</c>, <c>none</c>) gets
    /// uniform priors, no cue words, and a <c>labelsets.json</c> naming it, so every command sees that set.
    /// </summary>
    public LabelSet EmotionLabels { get; init; } = MeijuLabels.Emotion;

    /// <summary>Intent classes (default MEIJU's eight); e.g. <c>mintrec-intent</c> for 20. See <see cref="EmotionLabels"/>.</summary>
    public LabelSet IntentLabels { get; init; } = MeijuLabels.Intent;

    /// <summary>True when both label sets are MEIJU's (cue words, partner intents and track priors apply).</summary>
    public bool IsMeiju => EmotionLabels.Name == MeijuLabels.Emotion.Name && IntentLabels.Name == MeijuLabels.Intent.Name;

    /// <summary>Utterance names are <c>{prefix}_Training_00001</c>, <c>{prefix}_Validation_00001</c>, <c>{prefix}_Testing_00001</c>.</summary>
    public string NamePrefix { get; init; } = "Synth";

    /// <summary>The one seed of every random choice.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Check()
    {
        if (TrainCount < 0 || ValidCount < 0 || TestCount < 0 || TrainCount + ValidCount + TestCount == 0)
        {
            throw new ArgumentException("split counts must be ≥ 0 and not all 0");
        }

        if (Features.Count == 0)
        {
            throw new ArgumentException("at least one feature is needed");
        }

        foreach (var f in Features)
        {
            f.Check();
        }

        if (Features.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Features.Count)
        {
            throw new ArgumentException("feature names must be unique");
        }

        if (!double.IsFinite(Signal) || Signal < 0)
        {
            throw new ArgumentException($"signal must be ≥ 0, got {Signal}");
        }

        if (SignalFraction is <= 0 or > 0.5)
        {
            throw new ArgumentException($"signal fraction must be in (0, 0.5], got {SignalFraction}");
        }

        if (Correlation is < 0 or > 1)
        {
            throw new ArgumentException($"correlation must be in [0, 1], got {Correlation}");
        }

        CheckPriors(EmotionPriors, EmotionLabels.Count, "emotion");
        CheckPriors(IntentPriors, IntentLabels.Count, "intent");
        if (Imbalanced && !IsMeiju)
        {
            throw new ArgumentException("--imbalanced uses MEIJU's class priors; it needs MEIJU's label sets");
        }

        if (string.IsNullOrWhiteSpace(NamePrefix) || NamePrefix.Any(char.IsWhiteSpace) || NamePrefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"name prefix '{NamePrefix}' must be a file-name part without spaces");
        }
    }

    private static void CheckPriors(IReadOnlyList<double>? priors, int count, string what)
    {
        if (priors is null)
        {
            return;
        }

        if (priors.Count != count || priors.Any(p => !double.IsFinite(p) || p < 0) || priors.Sum() <= 0)
        {
            throw new ArgumentException($"{what} priors need {count} non-negative weights with a positive sum");
        }
    }
}
