using System.Text.Json;
using System.Text.Json.Serialization;
using Meiju.Labels;

namespace Meiju.Metrics;

/// <summary>
/// Emotion and intent scored together for one track: both classification reports, the track's score for each
/// (weighted F1 for Track 1, micro F1 for Track 2) and their JRBM, the number the challenge ranks by.
/// </summary>
public sealed class JointReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Creates a joint report from two classification reports.</summary>
    public JointReport(ChallengeTrack track, ClassificationReport emotion, ClassificationReport intent)
    {
        ArgumentNullException.ThrowIfNull(emotion);
        ArgumentNullException.ThrowIfNull(intent);
        if (emotion.Samples != intent.Samples)
        {
            throw new ArgumentException($"emotion has {emotion.Samples} samples but intent has {intent.Samples}", nameof(intent));
        }

        Track = track;
        Emotion = emotion;
        Intent = intent;
    }

    /// <summary>The track whose metric ranks.</summary>
    public ChallengeTrack Track { get; }

    /// <summary>The track's averaging: weighted (Track 1) or micro (Track 2).</summary>
    public F1Average Metric => Track.Metric();

    /// <summary>Emotion scores.</summary>
    public ClassificationReport Emotion { get; }

    /// <summary>Intent scores.</summary>
    public ClassificationReport Intent { get; }

    /// <summary>The emotion F1 under the track's metric (E in JRBM).</summary>
    public double EmotionScore => Emotion.F1(Metric);

    /// <summary>The intent F1 under the track's metric (I in JRBM).</summary>
    public double IntentScore => Intent.F1(Metric);

    /// <summary>2·E·I / (E + I + 1e-6).</summary>
    public double Jrbm => Metrics.Jrbm.Compute(EmotionScore, IntentScore);

    /// <summary>Number of utterances scored.</summary>
    public int Samples => Emotion.Samples;

    /// <summary>
    /// Scores emotion and intent predictions (class indices) for <paramref name="track"/>. Labels follow
    /// scikit-learn's default (classes that occur) unless <paramref name="fullLabelSets"/> asks for every class
    /// of the label sets, which changes macro F1 only.
    /// </summary>
    public static JointReport Compute(
        ChallengeTrack track,
        IReadOnlyList<int> emotionTrue, IReadOnlyList<int> emotionPred,
        IReadOnlyList<int> intentTrue, IReadOnlyList<int> intentPred,
        LabelSet? emotionSet = null, LabelSet? intentSet = null, bool fullLabelSets = false)
    {
        int[]? All(LabelSet? set) => fullLabelSets && set is not null ? Enumerable.Range(0, set.Count).ToArray() : null;
        return new JointReport(
            track,
            ClassificationReport.Compute(emotionTrue, emotionPred, All(emotionSet), emotionSet),
            ClassificationReport.Compute(intentTrue, intentPred, All(intentSet), intentSet));
    }

    /// <summary>The report as indented JSON (snake_case): scores, per-class rows and confusion matrices.</summary>
    public string ToJson() => JsonSerializer.Serialize(ToJsonModel(), JsonOptions);

    /// <summary>A plain object tree of the report, for embedding in other JSON documents.</summary>
    public object ToJsonModel() => new
    {
        Track = (int)Track,
        Metric = Metric.ToString().ToLowerInvariant(),
        Samples,
        EmotionScore,
        IntentScore,
        Jrbm,
        Emotion = TaskModel(Emotion),
        Intent = TaskModel(Intent),
    };

    private static object TaskModel(ClassificationReport r) => new
    {
        LabelSet = r.LabelSetName,
        r.Accuracy,
        MicroF1 = r.Micro.F1,
        MacroF1 = r.Macro.F1,
        WeightedF1 = r.Weighted.F1,
        r.Micro,
        r.Macro,
        r.Weighted,
        Classes = r.Classes,
        Confusion = new { Labels = r.Confusion.Names, Rows = r.Confusion.Counts },
    };
}
