using Meiju.Data;
using PureHDF;
using PureHDF.VOL.Native;

namespace Meiju.IO;

/// <summary>
/// Reads features stored the way the MC-EIU dataset paper's code stores them: one HDF5 file with a group per
/// modality (<c>A/</c>, <c>V/</c>, <c>L/</c>) holding one [T, D] dataset per utterance, plus optional
/// <c>Dia_Index/</c> and <c>Speaker/</c> groups with one scalar per utterance. Read through PureHDF (pure .NET,
/// handles h5py's gzip and chunked layouts); float16/32/64 and integer data are returned as float32.
/// One instance is not thread-safe (it caches group listings); open one per thread.
/// </summary>
public sealed class MeijuH5Features : IDisposable
{
    /// <summary>Groups that describe utterances rather than hold features.</summary>
    public static IReadOnlyList<string> MetadataGroups { get; } = ["Dia_Index", "Speaker"];

    private readonly NativeFile _file;
    private readonly Dictionary<string, IReadOnlyList<string>> _utterances = new(StringComparer.Ordinal);

    private MeijuH5Features(string path, NativeFile file, IReadOnlyList<string> modalities)
    {
        Path = path;
        _file = file;
        Modalities = modalities;
    }

    /// <summary>The .h5 file.</summary>
    public string Path { get; }

    /// <summary>Feature groups in the file (e.g. A, V, L), in the file's order.</summary>
    public IReadOnlyList<string> Modalities { get; }

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <exception cref="MeijuDataException">The file is missing or not HDF5.</exception>
    public static MeijuH5Features Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "HDF5 feature file not found");
        }

        NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new MeijuDataException(path, "not a readable HDF5 file: " + e.Message, inner: e);
        }

        try
        {
            var modalities = file.Children()
                .OfType<IH5Group>()
                .Select(g => g.Name)
                .Where(n => !MetadataGroups.Contains(n, StringComparer.Ordinal))
                .ToArray();
            if (modalities.Length == 0)
            {
                throw new MeijuDataException(path, "no feature groups (expected A/, V/, L/ with one dataset per utterance)");
            }

            return new MeijuH5Features(path, file, modalities);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Utterance names in <paramref name="modality"/>.</summary>
    /// <exception cref="MeijuDataException">The file has no such group.</exception>
    public IReadOnlyList<string> Utterances(string modality)
    {
        if (!_utterances.TryGetValue(modality, out var names))
        {
            names = [.. Group(modality).Children().OfType<IH5Dataset>().Select(d => d.Name)];
            _utterances[modality] = names;
        }

        return names;
    }

    /// <summary>True when <paramref name="modality"/> holds a dataset for <paramref name="utterance"/>.</summary>
    public bool Contains(string modality, string utterance) =>
        Modalities.Contains(modality, StringComparer.Ordinal) && Group(modality).LinkExists(utterance);

    /// <summary>Reads the [T, D] features of <paramref name="utterance"/> in <paramref name="modality"/> as float32.</summary>
    /// <exception cref="MeijuDataException">Missing group or dataset, unsupported type, or not 2-D.</exception>
    public NpyArray Read(string modality, string utterance)
    {
        var group = Group(modality);
        var where = $"{modality}/{utterance}";
        if (!group.LinkExists(utterance))
        {
            throw new MeijuDataException(Path, $"no dataset '{where}' (utterance '{utterance}' has no {modality} features)");
        }

        IH5Dataset dataset;
        try
        {
            dataset = group.Dataset(utterance);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new MeijuDataException(Path, $"'{where}' is not a dataset: {e.Message}", inner: e);
        }

        var shape = dataset.Space.Dimensions.Select(d => checked((int)d)).ToArray();
        float[] data;
        try
        {
            data = ReadAsFloat(dataset);
        }
        catch (MeijuDataException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new MeijuDataException(Path, $"cannot read '{where}': {e.Message}", inner: e);
        }

        var array = new NpyArray(shape, data);
        return MeijuDataset.ShapeProblem(array) is { } problem
            ? throw new MeijuDataException(Path, $"'{where}': {problem}")
            : array;
    }

    /// <summary>The dialogue index of <paramref name="utterance"/> from <c>Dia_Index/</c>, or null when absent.</summary>
    public long? DialogueIndex(string utterance)
    {
        if (!_file.LinkExists("Dia_Index") || !_file.Group("Dia_Index").LinkExists(utterance))
        {
            return null;
        }

        var d = _file.Group("Dia_Index").Dataset(utterance);
        return d.Type.Class == H5DataTypeClass.FixedPoint
            ? d.Type.Size == 8 ? d.Read<long>() : d.Read<int>()
            : (long)ReadAsFloat(d)[0];
    }

    /// <summary>The speaker of <paramref name="utterance"/> from <c>Speaker/</c>, or null when absent.</summary>
    public string? Speaker(string utterance)
    {
        if (!_file.LinkExists("Speaker") || !_file.Group("Speaker").LinkExists(utterance))
        {
            return null;
        }

        var d = _file.Group("Speaker").Dataset(utterance);
        // h5py stores str as a variable-length string, which HDF5 classes as VariableLength, not String.
        return d.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength
            ? d.Read<string>()
            : d.Read<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes every feature dataset as <c>featureRoot/&lt;feature&gt;/&lt;utterance&gt;.npy</c>, the official layout
    /// that <see cref="MeijuDataset"/> reads. <paramref name="featureNames"/> renames groups (e.g. A → wav2vec); a
    /// group it does not name keeps its own name. Returns the number of files written.
    /// </summary>
    /// <exception cref="MeijuDataException">A dataset cannot be read or is not [T, D].</exception>
    public int ExportNpy(string featureRoot, IReadOnlyDictionary<string, string>? featureNames = null, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = Modalities.Sum(m => Utterances(m).Count);
        var done = 0;
        foreach (var modality in Modalities)
        {
            var folder = System.IO.Path.Combine(featureRoot, featureNames?.GetValueOrDefault(modality) ?? modality);
            foreach (var utterance in Utterances(modality))
            {
                cancellationToken.ThrowIfCancellationRequested();
                NpyFile.Write(System.IO.Path.Combine(folder, utterance + ".npy"), Read(modality, utterance), flushToDisk: false);
                done++;
                progress?.Report((done, total));
            }
        }

        return done;
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private IH5Group Group(string modality)
    {
        if (!Modalities.Contains(modality, StringComparer.Ordinal))
        {
            throw new MeijuDataException(Path, $"no feature group '{modality}/' (the file has: {string.Join(", ", Modalities)})");
        }

        return _file.Group(modality);
    }

    private float[] ReadAsFloat(IH5Dataset dataset)
    {
        var type = dataset.Type;
        switch (type.Class)
        {
            case H5DataTypeClass.FloatingPoint when type.Size == 4:
                return dataset.Read<float[]>();
            case H5DataTypeClass.FloatingPoint when type.Size == 2:
                return Array.ConvertAll(dataset.Read<Half[]>(), h => (float)h);
            case H5DataTypeClass.FloatingPoint when type.Size == 8:
                return Array.ConvertAll(dataset.Read<double[]>(), d => (float)d);
            case H5DataTypeClass.FixedPoint when type.Size == 4:
                return Array.ConvertAll(dataset.Read<int[]>(), i => (float)i);
            case H5DataTypeClass.FixedPoint when type.Size == 8:
                return Array.ConvertAll(dataset.Read<long[]>(), i => (float)i);
            default:
                throw new MeijuDataException(Path, $"'{dataset.Name}': unsupported HDF5 type {type.Class} of {type.Size} bytes (expected float16/32/64 or int32/64)");
        }
    }
}
