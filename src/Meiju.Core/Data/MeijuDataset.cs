using Meiju.IO;
using Meiju.Labels;

namespace Meiju.Data;

/// <summary>
/// A dataset in the official MEIJU layout: label lists (<c>Training_files.txt</c>, <c>Validation_files.txt</c>,
/// <c>Testing_files.txt</c>) and optional transcription CSVs in a root folder, and frame-level features at
/// <c>feature_root/&lt;feature name&gt;/&lt;utterance&gt;.npy</c>, each of shape [T, D] (float32 or float16).
/// </summary>
/// <remarks>
/// Opening reads the label lists only and never stops at a bad line, so that <see cref="Validate"/> can report
/// every problem at once; features are read on demand. Code that trains or predicts calls
/// <c>Validate().ThrowIfInvalid()</c> first.
/// </remarks>
public sealed class MeijuDataset
{
    private readonly Dictionary<MeijuSplit, MeijuSplitData> _splits = [];
    private readonly List<DataProblem> _labelProblems = [];

    private MeijuDataset(string root, string featureRoot, IReadOnlyList<string> features, LabelSet emotion, LabelSet intent)
    {
        Root = root;
        FeatureRoot = featureRoot;
        FeatureNames = features;
        Emotion = emotion;
        Intent = intent;
    }

    /// <summary>The folder holding the label lists.</summary>
    public string Root { get; }

    /// <summary>The folder holding one sub-folder of <c>.npy</c> files per feature.</summary>
    public string FeatureRoot { get; }

    /// <summary>Feature names (sub-folders of <see cref="FeatureRoot"/>), in the order features are returned.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The emotion vocabulary the labels were read with.</summary>
    public LabelSet Emotion { get; }

    /// <summary>The intent vocabulary the labels were read with.</summary>
    public LabelSet Intent { get; }

    /// <summary>The splits that have a label list, in train, valid, test order.</summary>
    public IReadOnlyList<MeijuSplit> Splits => [.. _splits.Keys.Order()];

    /// <summary>Problems found in the label lists while opening (also part of <see cref="Validate"/>).</summary>
    public IReadOnlyList<DataProblem> LabelProblems => _labelProblems;

    /// <summary>The split <paramref name="split"/>.</summary>
    /// <exception cref="ArgumentException">The dataset has no label list for that split.</exception>
    public MeijuSplitData this[MeijuSplit split] => _splits.TryGetValue(split, out var s)
        ? s
        : throw new ArgumentException($"{Root}: no {split} label list (looked for {string.Join(", ", LabelListFile.FileNames(split))})");

    /// <summary>True when the dataset has a label list for <paramref name="split"/>.</summary>
    public bool Has(MeijuSplit split) => _splits.ContainsKey(split);

    /// <summary>Opens a dataset with its declared (else MEIJU's) vocabularies; see <see cref="Open(string, string?, IReadOnlyList{string}, LabelSet?, LabelSet?)"/>.</summary>
    public static MeijuDataset Open(string root, string? featureRoot, params string[] features) =>
        Open(root, featureRoot, features, null, null);

    /// <summary>
    /// Opens a dataset. Label sets left null come from the dataset's <c>labelsets.json</c>
    /// (<see cref="DatasetLabelSets"/>), else MEIJU's. <paramref name="featureRoot"/> defaults to <c>root/features</c> when that folder exists,
    /// else <paramref name="root"/>; an empty <paramref name="features"/> means every sub-folder of the feature root
    /// that holds <c>.npy</c> files, in ordinal order.
    /// </summary>
    /// <exception cref="MeijuDataException">The root does not exist or holds no label list at all.</exception>
    public static MeijuDataset Open(string root, string? featureRoot, IReadOnlyList<string> features, LabelSet? emotion = null, LabelSet? intent = null)
    {
        if (!Directory.Exists(root))
        {
            throw new MeijuDataException(root, "dataset folder not found");
        }

        featureRoot ??= Directory.Exists(Path.Combine(root, "features")) ? Path.Combine(root, "features") : root;
        if (features.Count == 0)
        {
            features = DiscoverFeatures(featureRoot);
        }

        if (emotion is null || intent is null)
        {
            var declared = DatasetLabelSets.Read(root);
            emotion ??= declared.Emotion;
            intent ??= declared.Intent;
        }

        var dataset = new MeijuDataset(root, featureRoot, features.ToArray(), emotion, intent);
        foreach (var split in Enum.GetValues<MeijuSplit>())
        {
            if (LabelListFile.Find(root, split) is not { } list)
            {
                continue;
            }

            var (utterances, problems) = LabelListFile.ReadAll(list, dataset.Emotion, dataset.Intent);
            dataset._labelProblems.AddRange(problems);
            dataset._splits[split] = new MeijuSplitData(dataset, split, list, utterances, TranscriptionCsv.Find(root, split));
        }

        if (dataset._splits.Count == 0)
        {
            throw new MeijuDataException(root, $"no label list found (expected {string.Join(", ", Enum.GetValues<MeijuSplit>().Select(s => LabelListFile.FileNames(s)[0]))})");
        }

        return dataset;
    }

    /// <summary>Sub-folders of <paramref name="featureRoot"/> that hold at least one <c>.npy</c> file, in ordinal order.</summary>
    public static IReadOnlyList<string> DiscoverFeatures(string featureRoot) =>
        Directory.Exists(featureRoot)
            ? [.. Directory.EnumerateDirectories(featureRoot)
                .Where(d => Directory.EnumerateFiles(d, "*.npy").Any())
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Where the file of <paramref name="feature"/> for <paramref name="utterance"/> lives.</summary>
    public string FeaturePath(string feature, string utterance) => Path.Combine(FeatureRoot, feature, utterance + ".npy");

    /// <summary>Reads one feature file and checks that it is a [T, D] array with T ≥ 1 and only finite values.</summary>
    /// <exception cref="MeijuDataException">Missing, empty, truncated, not two-dimensional, or holding NaN/Inf.</exception>
    public NpyArray LoadFeature(string feature, string utterance)
    {
        var path = FeaturePath(feature, utterance);
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, $"missing feature file for utterance '{utterance}' (feature '{feature}')");
        }

        var array = NpyFile.Read(path);
        // Non-finite values are checked as the file is read: one NaN makes the whole training run silently NaN.
        return (ShapeProblem(array) ?? NonFiniteProblem(array)) is { } problem ? throw new MeijuDataException(path, problem) : array;
    }

    /// <summary>Reads every feature of <paramref name="utterance"/>, in <see cref="FeatureNames"/> order.</summary>
    /// <exception cref="MeijuDataException">A feature file is missing or malformed.</exception>
    public UtteranceFeatures LoadFeatures(LabelledUtterance utterance) =>
        new(utterance, [.. FeatureNames.Select(f => LoadFeature(f, utterance.Name))]);

    /// <summary>
    /// Checks everything up front and reports ALL problems, each naming its file: label-list problems (unknown
    /// label with its line, empty split), transcription problems, and for every utterance and feature a missing,
    /// empty or truncated file, an array that is not [T, D], a width D that differs from the feature's other files
    /// (naming both files and both widths), and NaN or infinite values (naming the row).
    /// </summary>
    public ValidationReport Validate(IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = LabelAndTranscriptionProblems();
        if (FeatureNames.Count == 0)
        {
            problems.Add(new DataProblem(FeatureRoot, "no feature folders (expected <feature root>/<feature name>/<utterance>.npy)"));
        }

        var total = _splits.Values.Sum(s => s.Count) * FeatureNames.Count;
        var done = 0;
        var checkedFiles = 0;
        var dimensions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var feature in FeatureNames)
        {
            if (!Directory.Exists(Path.Combine(FeatureRoot, feature)))
            {
                problems.Add(new DataProblem(Path.Combine(FeatureRoot, feature), $"feature folder '{feature}' not found"));
                done += _splits.Values.Sum(s => s.Count);
                progress?.Report((done, total));
                continue;
            }

            var widths = new List<(string Path, int D)>();
            foreach (var split in _splits.Keys.Order())
            {
                foreach (var utterance in _splits[split].Utterances)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var path = FeaturePath(feature, utterance.Name);
                    if (!File.Exists(path))
                    {
                        problems.Add(new DataProblem(path, $"missing feature file for utterance '{utterance.Name}' (feature '{feature}', {split} list line {utterance.Line})"));
                    }
                    else
                    {
                        checkedFiles++;
                        try
                        {
                            var array = NpyFile.Read(path);
                            if (ShapeProblem(array) is { } shape)
                            {
                                problems.Add(new DataProblem(path, shape));
                            }
                            else
                            {
                                widths.Add((path, array.RowWidth));
                                if (NonFiniteProblem(array) is { } values)
                                {
                                    problems.Add(new DataProblem(path, values));
                                }
                            }
                        }
                        catch (MeijuDataException e)
                        {
                            problems.Add(DataProblem.From(e));
                        }
                    }

                    done++;
                    progress?.Report((done, total));
                }
            }

            if (widths.Count > 0)
            {
                var groups = widths.GroupBy(w => w.D).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).ToArray();
                var expected = groups[0].Key;
                var reference = groups[0].First().Path;
                dimensions[feature] = expected;
                foreach (var (path, d) in groups.Skip(1).SelectMany(g => g))
                {
                    problems.Add(new DataProblem(path, $"feature '{feature}' has dimension D={d} here but D={expected} in {reference} (and {groups[0].Count() - 1} other files)"));
                }
            }
        }

        return new ValidationReport(problems, checkedFiles, dimensions);
    }

    /// <summary>
    /// The label part of <see cref="Validate"/> alone: bad lines of the label lists, empty splits, and
    /// transcription CSVs that are malformed or disagree with the lists. Reads no feature file.
    /// </summary>
    public ValidationReport ValidateLabels() =>
        new(LabelAndTranscriptionProblems(), 0, new Dictionary<string, int>());

    private List<DataProblem> LabelAndTranscriptionProblems()
    {
        var problems = new List<DataProblem>(_labelProblems);
        foreach (var (split, data) in _splits.OrderBy(p => p.Key))
        {
            if (data.Count == 0 && !problems.Any(p => p.Path == data.LabelFile))
            {
                problems.Add(new DataProblem(data.LabelFile, $"{split} split is empty"));
            }

            problems.AddRange(CheckTranscription(data));
        }

        return problems;
    }

    /// <summary>Why <paramref name="array"/> is not a usable [T, D] feature matrix, or null when it is.</summary>
    internal static string? ShapeProblem(NpyArray array)
    {
        if (array.Shape.Length != 2)
        {
            return $"expected a 2-D [T, D] array, found {array.Shape.Length}-D shape {array.ShapeText}";
        }

        if (array.Shape[0] == 0)
        {
            return $"empty feature: 0 frames (shape {array.ShapeText})";
        }

        return array.Shape[1] == 0 ? $"empty feature: width 0 (shape {array.ShapeText})" : null;
    }

    /// <summary>Names the first row holding NaN or ±Inf, and how many such values there are, or null when all are finite.</summary>
    internal static string? NonFiniteProblem(NpyArray array)
    {
        var width = array.RowWidth;
        var firstIndex = -1;
        var count = 0;
        var data = array.Data;
        for (var i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                if (firstIndex < 0)
                {
                    firstIndex = i;
                }

                count++;
            }
        }

        if (firstIndex < 0)
        {
            return null;
        }

        var value = data[firstIndex];
        var kind = float.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        return $"{kind} at row {firstIndex / width} column {firstIndex % width} (0-based; {count} non-finite value{(count == 1 ? string.Empty : "s")} in shape {array.ShapeText})";
    }

    private IEnumerable<DataProblem> CheckTranscription(MeijuSplitData data)
    {
        if (data.TranscriptionFile is not { } csv)
        {
            yield break;
        }

        IReadOnlyList<TranscriptionRow>? rows;
        DataProblem? failure = null;
        try
        {
            rows = data.Transcriptions;
        }
        catch (MeijuDataException e)
        {
            rows = null;
            failure = DataProblem.From(e);
        }

        if (failure is not null)
        {
            yield return failure;
            yield break;
        }

        var byName = rows!.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var u in data.Utterances)
        {
            if (!byName.TryGetValue(u.Name, out var row))
            {
                yield return new DataProblem(csv, $"utterance '{u.Name}' ({Path.GetFileName(data.LabelFile)} line {u.Line}) has no transcription row");
            }
            else if (u.IsLabelled && row.IsLabelled && (row.Emotion != u.Emotion || row.Intent != u.Intent))
            {
                yield return new DataProblem(csv, $"labels of '{u.Name}' ({Emotion[row.Emotion]} {Intent[row.Intent]}) differ from {Path.GetFileName(data.LabelFile)} line {u.Line} ({Emotion[u.Emotion]} {Intent[u.Intent]})", row.Line);
            }
        }
    }
}
