using System.Text.Json;
using System.Text.Json.Serialization;
using Meiju.Labels;
using Meiju.Metrics;

namespace Meiju.Data;

/// <summary>
/// What a MEIJU layout holds, from its label lists alone: class counts per split, how imbalanced training is, and
/// the majority-class baseline on validation.
/// </summary>
public sealed class DatasetStatistics
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private DatasetStatistics(
        string root, ChallengeTrack track, LabelSet emotion, LabelSet intent, IReadOnlyList<SplitStatistics> splits,
        MajorityBaseline? majority)
    {
        Root = root;
        Track = track;
        EmotionSet = emotion;
        IntentSet = intent;
        Splits = splits;
        Majority = majority;
    }

    /// <summary>The layout folder.</summary>
    public string Root { get; }

    /// <summary>The track whose metric the majority baseline is scored with.</summary>
    public ChallengeTrack Track { get; }

    /// <summary>The emotion label set counted.</summary>
    public LabelSet EmotionSet { get; }

    /// <summary>The intent label set counted.</summary>
    public LabelSet IntentSet { get; }

    /// <summary>The splits found, in train, valid, test order.</summary>
    public IReadOnlyList<SplitStatistics> Splits { get; }

    /// <summary>The training split.</summary>
    public SplitStatistics Train => Splits.First(s => s.Split == MeijuSplit.Train);

    /// <summary>The validation split, when present.</summary>
    public SplitStatistics? Valid => Splits.FirstOrDefault(s => s.Split == MeijuSplit.Valid);

    /// <summary>Largest / smallest emotion class count in train, over classes that occur there; null if none do.</summary>
    public double? EmotionImbalance => Imbalance(Train.EmotionCounts);

    /// <summary>Largest / smallest intent class count in train, over classes that occur there.</summary>
    public double? IntentImbalance => Imbalance(Train.IntentCounts);

    /// <summary>Emotion classes of the label set that never occur in train (they have no imbalance ratio).</summary>
    public IReadOnlyList<string> EmotionAbsentInTrain => Absent(Train.EmotionCounts, EmotionSet);

    /// <summary>Intent classes of the label set that never occur in train.</summary>
    public IReadOnlyList<string> IntentAbsentInTrain => Absent(Train.IntentCounts, IntentSet);

    /// <summary>The majority-class baseline on validation; null when there is no labelled validation list.</summary>
    public MajorityBaseline? Majority { get; }

    /// <summary>
    /// Reads the label lists under <paramref name="root"/> (official or third-party names, see
    /// <see cref="LabelListFile.FileNames"/>) and computes the statistics.
    /// </summary>
    /// <param name="root">A MEIJU layout folder; the label lists are enough.</param>
    /// <param name="track">Metric for the baseline; null guesses it from the folder name (Track1… → 1) and falls back to Track 2.</param>
    /// <param name="emotion">Emotion label set (default MEIJU's).</param>
    /// <param name="intent">Intent label set (default MEIJU's).</param>
    /// <exception cref="MeijuDataException">No training list, or a label list that does not parse.</exception>
    public static DatasetStatistics Compute(string root, ChallengeTrack? track = null, LabelSet? emotion = null, LabelSet? intent = null)
    {
        emotion ??= MeijuLabels.Emotion;
        intent ??= MeijuLabels.Intent;
        if (!Directory.Exists(root))
        {
            throw new MeijuDataException(root, "folder not found");
        }

        var chosen = track ?? ChallengeTrackExtensions.FromName(Path.GetFileName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar)))
            ?? ChallengeTrack.Track2;
        var splits = new List<SplitStatistics>();
        var lists = new Dictionary<MeijuSplit, IReadOnlyList<LabelledUtterance>>();
        foreach (var split in Enum.GetValues<MeijuSplit>())
        {
            var path = LabelListFile.Find(root, split);
            if (path is null)
            {
                continue;
            }

            var items = LabelListFile.Read(path, emotion, intent);
            lists[split] = items;
            var emo = new int[emotion.Count];
            var itn = new int[intent.Count];
            var labelled = 0;
            foreach (var u in items.Where(u => u.IsLabelled))
            {
                emo[u.Emotion]++;
                itn[u.Intent]++;
                labelled++;
            }

            splits.Add(new SplitStatistics(split, path, items.Count, labelled, emo, itn));
        }

        var train = splits.FirstOrDefault(s => s.Split == MeijuSplit.Train);
        if (train is null || train.Labelled == 0)
        {
            throw new MeijuDataException(
                root, $"no labelled training list (looked for {string.Join(", ", LabelListFile.FileNames(MeijuSplit.Train))})");
        }

        MajorityBaseline? majority = null;
        if (lists.TryGetValue(MeijuSplit.Valid, out var valid) && valid.Any(u => u.IsLabelled))
        {
            var e = ArgMax(train.EmotionCounts);
            var i = ArgMax(train.IntentCounts);
            var scored = valid.Where(u => u.IsLabelled).ToArray();
            var report = JointReport.Compute(
                chosen,
                scored.Select(u => u.Emotion).ToArray(), Enumerable.Repeat(e, scored.Length).ToArray(),
                scored.Select(u => u.Intent).ToArray(), Enumerable.Repeat(i, scored.Length).ToArray(),
                emotion, intent);
            majority = new MajorityBaseline(e, i, report);
        }

        return new DatasetStatistics(root, chosen, emotion, intent, splits, majority);
    }

    /// <summary>The statistics as indented JSON (snake_case), with the baseline's full report.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            Root = Path.GetFullPath(Root),
            Track = (int)Track,
            Metric = Track.Metric().ToString().ToLowerInvariant(),
            Splits = Splits.Select(s => new
            {
                Split = s.Split.ToString().ToLowerInvariant(),
                s.Path,
                s.Utterances,
                s.Labelled,
                Emotion = EmotionSet.Classes.Zip(s.EmotionCounts).ToDictionary(p => p.First, p => p.Second),
                Intent = IntentSet.Classes.Zip(s.IntentCounts).ToDictionary(p => p.First, p => p.Second),
            }),
            EmotionImbalance,
            IntentImbalance,
            EmotionAbsentInTrain,
            IntentAbsentInTrain,
            Majority = Majority is null
                ? null
                : new
                {
                    Emotion = EmotionSet[Majority.Emotion],
                    Intent = IntentSet[Majority.Intent],
                    Report = Majority.Report.ToJsonModel(),
                },
        },
        JsonOptions);

    private static int ArgMax(IReadOnlyList<int> counts)
    {
        var best = 0;
        for (var k = 1; k < counts.Count; k++)
        {
            if (counts[k] > counts[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static double? Imbalance(IReadOnlyList<int> counts)
    {
        var present = counts.Where(c => c > 0).ToArray();
        return present.Length == 0 ? null : (double)present.Max() / present.Min();
    }

    private static IReadOnlyList<string> Absent(IReadOnlyList<int> counts, LabelSet set) =>
        Enumerable.Range(0, set.Count).Where(k => counts[k] == 0).Select(k => set[k]).ToArray();
}
