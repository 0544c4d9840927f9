using Meiju.Data;
using Meiju.IO;

namespace Meiju.Training;

/// <summary>
/// One split of a <see cref="MeijuDataset"/> as training reads it: the model's streams mapped to feature folders,
/// widths checked against the config up front, and features cached in memory up to a byte budget.
/// </summary>
public sealed class TrainingSplit
{
    private readonly MeijuDataset _dataset;
    private readonly Dictionary<(int Utt, int Stream), NpyArray> _cache = [];
    private readonly long _cacheBudgetFloats;
    private long _cachedFloats;

    private TrainingSplit(MeijuDataset dataset, MeijuSplitData data, IReadOnlyList<TrainingStream> streams, long cacheBudgetBytes)
    {
        _dataset = dataset;
        Data = data;
        Streams = streams;
        _cacheBudgetFloats = cacheBudgetBytes / sizeof(float);
    }

    /// <summary>The split's utterances and label list.</summary>
    public MeijuSplitData Data { get; }

    /// <summary>The streams, in the model's token order.</summary>
    public IReadOnlyList<TrainingStream> Streams { get; }

    /// <summary>Utterances in list order.</summary>
    public IReadOnlyList<LabelledUtterance> Items => Data.Utterances;

    /// <summary>Number of utterances.</summary>
    public int Count => Data.Count;

    /// <summary>The dataset's emotion label set (MEIJU's unless <c>labelsets.json</c> names another).</summary>
    public Labels.LabelSet EmotionLabels => _dataset.Emotion;

    /// <summary>The dataset's intent label set.</summary>
    public Labels.LabelSet IntentLabels => _dataset.Intent;

    /// <summary>
    /// Refuses a model with fewer outputs than the split's label sets have classes (its gold labels could not be
    /// learned nor its predictions named). More outputs are allowed: the one-class placeholder set <c>none</c>
    /// needs a model with two.
    /// </summary>
    /// <exception cref="MeijuDataException">Names the dataset's label sets and the config field to change.</exception>
    public void CheckFits(Model.ModelConfig config)
    {
        foreach (var (task, set, classes) in new[] { ("emotion", EmotionLabels, config.EmotionClasses), ("intent", IntentLabels, config.IntentClasses) })
        {
            if (classes < set.Count)
            {
                throw new MeijuDataException(Path.Combine(_dataset.Root, DatasetLabelSets.FileName),
                    $"the model has {classes} {task} classes but the dataset's {task} label set '{set.Name}' has {set.Count}; set \"{task}Classes\": {set.Count} in the model config");
            }
        }
    }

    /// <summary>The label list the split came from.</summary>
    public string LabelPath => Data.LabelFile;

    /// <summary>
    /// Opens <paramref name="split"/> and checks, before any training: the label list exists, parses and is not
    /// empty; every stream's feature folder exists; the first utterance's file of each stream has the width the
    /// config expects; with <paramref name="requireLabels"/>, every utterance is labelled.
    /// </summary>
    /// <exception cref="MeijuDataException">The first problem, naming its file.</exception>
    public static TrainingSplit Open(string dataRoot, string? featureRoot, MeijuSplit split, IReadOnlyList<TrainingStream> streams, bool requireLabels, long cacheBudgetBytes = 2L << 30)
    {
        var dataset = MeijuDataset.Open(dataRoot, featureRoot, streams.Select(s => s.Folder).Distinct().ToArray());
        if (!dataset.Has(split))
        {
            throw new MeijuDataException(Path.Combine(dataRoot, LabelListFile.FileNames(split)[0]),
                $"no {split.ToString().ToLowerInvariant()} label list (looked for {string.Join(", ", LabelListFile.FileNames(split))})");
        }

        var data = dataset[split];
        var problem = dataset.ValidateLabels().Problems.FirstOrDefault(p => p.Path == data.LabelFile);
        if (problem is not null)
        {
            throw new MeijuDataException(problem.Path, problem.Message, problem.Line);
        }

        if (data.Count == 0)
        {
            throw new MeijuDataException(data.LabelFile, $"the {split.ToString().ToLowerInvariant()} split is empty");
        }

        if (requireLabels && data.Utterances.FirstOrDefault(u => !u.IsLabelled) is { } unlabelled)
        {
            throw new MeijuDataException(data.LabelFile, split == MeijuSplit.Test
                ? $"utterance '{unlabelled.Name}' has no labels: this test list carries names only (the official layout hides test labels); score predictions against a labelled copy with meiju evaluate --predictions P --labels FILE"
                : $"utterance '{unlabelled.Name}' has no labels; training and validation lists need '<name> <emotion> <intent>'", unlabelled.Line);
        }

        foreach (var s in streams)
        {
            var folder = Path.Combine(dataset.FeatureRoot, s.Folder);
            if (!Directory.Exists(folder))
            {
                var found = MeijuDataset.DiscoverFeatures(dataset.FeatureRoot);
                throw new MeijuDataException(folder, $"unknown feature '{s.Folder}' (stream {s.Name}): no such folder under the feature root {dataset.FeatureRoot} (found: {(found.Count == 0 ? "none" : string.Join(", ", found))})");
            }
        }

        var result = new TrainingSplit(dataset, data, streams, cacheBudgetBytes);
        for (var s = 0; s < streams.Count; s++)
        {
            result.Load(0, s);
        }

        return result;
    }

    /// <summary>Frames per utterance: the longest of its streams (reads, and caches, every feature file once).</summary>
    public int[] Lengths()
    {
        var lengths = new int[Count];
        for (var u = 0; u < Count; u++)
        {
            for (var s = 0; s < Streams.Count; s++)
            {
                lengths[u] = Math.Max(lengths[u], Load(u, s).Rows);
            }
        }

        return lengths;
    }

    /// <summary>Loads utterance <paramref name="utt"/>'s [T, D] array of stream <paramref name="stream"/>.</summary>
    /// <exception cref="MeijuDataException">Missing or malformed file, or a width other than the config's.</exception>
    public NpyArray Load(int utt, int stream)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue((utt, stream), out var hit))
            {
                return hit;
            }
        }

        var s = Streams[stream];
        var name = Items[utt].Name;
        var array = _dataset.LoadFeature(s.Folder, name);
        if (array.RowWidth != s.Dim)
        {
            throw new MeijuDataException(_dataset.FeaturePath(s.Folder, name),
                $"dimension mismatch: feature '{s.Folder}' has shape {array.ShapeText} but the config's stream {s.Name} expects [T, {s.Dim}]");
        }

        lock (_cache)
        {
            if (_cachedFloats + array.Data.Length <= _cacheBudgetFloats)
            {
                _cache[(utt, stream)] = array;
                _cachedFloats += array.Data.Length;
            }
        }

        return array;
    }
}
