using Meiju.Data;
using Meiju.IO;
using Meiju.Labels;

namespace Meiju.Training.StandIns;

/// <summary>
/// Stand-in for the data branch's dataset: one split's label list plus lazy access to
/// <c>feature_root/&lt;feature&gt;/&lt;utt&gt;.npy</c> for each configured stream, checked against the config.
/// </summary>
public sealed class FeatureSplit
{
    private readonly Dictionary<(int Utt, int Stream), NpyArray> _cache = [];
    private readonly long _cacheBudgetFloats;
    private long _cachedFloats;

    private FeatureSplit(string labelPath, string featureRoot, IReadOnlyList<LabelledUtterance> items, IReadOnlyList<FeatureStream> streams, long cacheBudgetBytes)
    {
        LabelPath = labelPath;
        FeatureRoot = featureRoot;
        Items = items;
        Streams = streams;
        _cacheBudgetFloats = cacheBudgetBytes / sizeof(float);
    }

    /// <summary>The label list this split was read from.</summary>
    public string LabelPath { get; }

    /// <summary>Folder holding one sub-folder per feature.</summary>
    public string FeatureRoot { get; }

    /// <summary>Utterances in list order.</summary>
    public IReadOnlyList<LabelledUtterance> Items { get; }

    /// <summary>The configured streams, in token order.</summary>
    public IReadOnlyList<FeatureStream> Streams { get; }

    /// <summary>Number of utterances.</summary>
    public int Count => Items.Count;

    /// <summary>
    /// The feature root of a data folder: <paramref name="featureRoot"/> when given, else <c>&lt;data&gt;/features</c>
    /// when it exists, else the data folder itself.
    /// </summary>
    public static string ResolveFeatureRoot(string dataRoot, string? featureRoot) =>
        featureRoot ?? (Directory.Exists(Path.Combine(dataRoot, "features")) ? Path.Combine(dataRoot, "features") : dataRoot);

    /// <summary>Opens <paramref name="split"/> of <paramref name="dataRoot"/> and checks every stream's folder and width.</summary>
    /// <exception cref="MeijuDataException">Missing or empty label list, unknown feature, width mismatch, missing file.</exception>
    public static FeatureSplit Open(string dataRoot, string? featureRoot, MeijuSplit split, IReadOnlyList<FeatureStream> streams, long cacheBudgetBytes = 2L << 30)
    {
        if (!Directory.Exists(dataRoot))
        {
            throw new MeijuDataException(dataRoot, "data folder not found");
        }

        var labelPath = LabelListFile.Find(dataRoot, split)
            ?? throw new MeijuDataException(Path.Combine(dataRoot, LabelListFile.FileNames(split)[0]), $"no label list for the {split.ToString().ToLowerInvariant()} split");
        var items = LabelListFile.Read(labelPath, MeijuLabels.Emotion, MeijuLabels.Intent);
        var root = ResolveFeatureRoot(dataRoot, featureRoot);
        foreach (var s in streams)
        {
            var folder = Path.Combine(root, s.Name);
            if (!Directory.Exists(folder))
            {
                var known = Directory.Exists(root) ? string.Join(", ", Directory.GetDirectories(root).Select(Path.GetFileName).Order()) : "";
                throw new MeijuDataException(folder, $"unknown feature '{s.Name}': no such folder under the feature root (found: {known})");
            }
        }

        var result = new FeatureSplit(labelPath, root, items, streams, cacheBudgetBytes);
        for (var s = 0; s < streams.Count; s++)
        {
            result.Load(0, s);
        }

        return result;
    }

    /// <summary>The path of utterance <paramref name="utt"/>'s file for stream <paramref name="stream"/>.</summary>
    public string PathOf(int utt, int stream) => Path.Combine(FeatureRoot, Streams[stream].Name, Items[utt].Name + ".npy");

    /// <summary>Loads one [T, D] array, checking its width against the config.</summary>
    /// <exception cref="MeijuDataException">Missing file, wrong rank or width.</exception>
    public NpyArray Load(int utt, int stream)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue((utt, stream), out var hit))
            {
                return hit;
            }
        }

        var path = PathOf(utt, stream);
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, $"feature file missing for utterance '{Items[utt].Name}' (listed in {LabelPath})");
        }

        var array = NpyFile.Read(path);
        var dim = Streams[stream].Dim;
        if (array.Shape.Length == 1 && array.Shape[0] == dim)
        {
            // Utterance-level vectors are one frame.
            array = array with { Shape = [1, dim] };
        }

        if (array.Shape.Length != 2 || array.Shape[1] != dim)
        {
            throw new MeijuDataException(path, $"feature '{Streams[stream].Name}' has shape {array.ShapeText}, but the config says [T, {dim}]");
        }

        if (array.Shape[0] == 0)
        {
            throw new MeijuDataException(path, "feature file has no frames");
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
