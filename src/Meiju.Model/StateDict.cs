using System.Buffers.Binary;
using System.Collections;
using System.Text.Json;
using Meiju.IO;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// A set of named weights read from disk, each remembering the file it came from, so that a missing, unexpected
/// or mis-shaped key is reported with its file. Readers: per-key .npy folders (the fixture), the baseline's
/// per-network <c>&lt;epoch&gt;_net_&lt;Name&gt;.pth</c> files, PyTorch <c>.pt</c> state dicts, and safetensors.
/// </summary>
public sealed class StateDict : IDisposable
{
    private readonly Dictionary<string, (Tensor Tensor, string File)> _entries = new(StringComparer.Ordinal);

    /// <summary>Keys in the order they were read.</summary>
    public IReadOnlyList<string> Keys => _keys;

    private readonly List<string> _keys = [];

    /// <summary>The tensor for <paramref name="key"/>.</summary>
    public Tensor this[string key] => _entries[key].Tensor;

    /// <summary>The file <paramref name="key"/> came from.</summary>
    public string FileOf(string key) => _entries[key].File;

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Contains(string key) => _entries.ContainsKey(key);

    /// <summary>Adds a tensor (converted to float32, detached) read from <paramref name="file"/>.</summary>
    public void Add(string key, Tensor tensor, string file)
    {
        if (_entries.ContainsKey(key))
        {
            throw new MeijuDataException(file, $"key '{key}' appears twice (also in {_entries[key].File})");
        }

        _entries[key] = (tensor.detach().to(ScalarType.Float32), file);
        _keys.Add(key);
    }

    /// <summary>
    /// Reads a folder of per-key <c>.npy</c> files named <c>&lt;key&gt;.npy</c> (the baseline fixture's layout).
    /// When the folder has <c>keys.txt</c> (key, tab, shape, ...), exactly those keys are read and their shapes
    /// checked; otherwise every <c>net*.npy</c> file is a key.
    /// </summary>
    public static StateDict ReadNpyFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new MeijuDataException(folder, "weights folder not found");
        }

        var result = new StateDict();
        var keysFile = Path.Combine(folder, "keys.txt");
        if (File.Exists(keysFile))
        {
            var lines = File.ReadAllLines(keysFile);
            for (var i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                var parts = lines[i].Split('\t');
                var key = parts[0].Trim();
                var path = Path.Combine(folder, key + ".npy");
                if (!File.Exists(path))
                {
                    throw new MeijuDataException(path, $"missing weight file for key '{key}' listed in keys.txt", null);
                }

                var array = NpyFile.Read(path);
                if (parts.Length > 1)
                {
                    var expected = parts[1].Trim();
                    var actual = array.Shape.Length == 0 ? "" : string.Join("x", array.Shape);
                    if (expected != actual)
                    {
                        throw new MeijuDataException(path, $"key '{key}' has shape {actual}, keys.txt line {i + 1} says {expected}");
                    }
                }

                result.Add(key, ToTensor(array), path);
            }
        }
        else
        {
            foreach (var path in Directory.EnumerateFiles(folder, "net*.npy").Order(StringComparer.Ordinal))
            {
                result.Add(Path.GetFileNameWithoutExtension(path), ToTensor(NpyFile.Read(path)), path);
            }
        }

        if (result.Keys.Count == 0)
        {
            throw new MeijuDataException(folder, "no weights found (expected keys.txt or net*.npy files)");
        }

        return result;
    }

    /// <summary>
    /// Reads the official baseline's checkpoint folder: one <c>&lt;epoch&gt;_net_&lt;Name&gt;.pth</c> per
    /// sub-network, whose keys gain the prefix <c>net&lt;Name&gt;.</c>. With several epochs present,
    /// <paramref name="epoch"/> picks one (e.g. "best" or "12").
    /// </summary>
    public static StateDict ReadBaselinePthFolder(string folder, string? epoch = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new MeijuDataException(folder, "checkpoint folder not found");
        }

        var files = Directory.EnumerateFiles(folder, "*_net_*.pth")
            .Select(p => (Path: p, Name: Path.GetFileNameWithoutExtension(p)))
            .Select(f => (f.Path, Epoch: f.Name[..f.Name.IndexOf("_net_", StringComparison.Ordinal)], Net: f.Name[(f.Name.IndexOf("_net_", StringComparison.Ordinal) + 5)..]))
            .ToList();
        if (files.Count == 0)
        {
            throw new MeijuDataException(folder, "no <epoch>_net_<Name>.pth files found");
        }

        var epochs = files.Select(f => f.Epoch).Distinct().Order(StringComparer.Ordinal).ToList();
        if (epoch is null && epochs.Count > 1)
        {
            throw new MeijuDataException(folder, $"checkpoints of several epochs ({string.Join(", ", epochs)}); choose one with --epoch");
        }

        var chosen = epoch ?? epochs[0];
        if (!epochs.Contains(chosen))
        {
            throw new MeijuDataException(folder, $"no checkpoint for epoch '{chosen}' (have: {string.Join(", ", epochs)})");
        }

        var result = new StateDict();
        foreach (var (path, _, net) in files.Where(f => f.Epoch == chosen).OrderBy(f => f.Net, StringComparer.Ordinal))
        {
            var inner = ReadPyTorchRaw(path);
            // A network saved from DataParallel carries a 'module.' prefix on every key; the baseline loads
            // through that wrapper, so accept both spellings.
            var strip = inner.Count > 0 && inner.All(e => e.Key.StartsWith("module.", StringComparison.Ordinal));
            foreach (var (k, t) in inner)
            {
                result.Add($"net{net}." + (strip ? k["module.".Length..] : k), t, path);
            }
        }

        return result;
    }

    /// <summary>Reads a PyTorch state dict saved with <c>torch.save(model.state_dict(), path)</c>.</summary>
    public static StateDict ReadPyTorch(string path)
    {
        var result = new StateDict();
        foreach (var (k, t) in ReadPyTorchRaw(path))
        {
            result.Add(k, t, path);
        }

        return result;
    }

    /// <summary>Reads a safetensors file (F32, F16, BF16 or F64 tensors), checking every offset against the file.</summary>
    public static StateDict ReadSafetensors(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MeijuDataException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : "cannot read file: " + e.Message);
        }

        if (bytes.Length < 8)
        {
            throw new MeijuDataException(path, "truncated safetensors file (no header length)");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw new MeijuDataException(path, $"truncated safetensors file: header of {headerLength} bytes, file has {bytes.Length - 8}");
        }

        var dataStart = 8 + (long)headerLength;
        var result = new StateDict();
        try
        {
            using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    continue;
                }

                var dtype = entry.Value.GetProperty("dtype").GetString();
                var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var (scalar, size) = dtype switch
                {
                    "F32" => (ScalarType.Float32, 4),
                    "F16" => (ScalarType.Float16, 2),
                    "BF16" => (ScalarType.BFloat16, 2),
                    "F64" => (ScalarType.Float64, 8),
                    _ => throw new MeijuDataException(path, $"key '{entry.Name}': unsupported dtype {dtype}"),
                };
                var count = shape.Aggregate(1L, (a, b) => a * b);
                if (offsets.Length != 2 || offsets[1] - offsets[0] != count * size)
                {
                    throw new MeijuDataException(path, $"key '{entry.Name}': data offsets do not match shape [{string.Join(", ", shape)}]");
                }

                if (dataStart + offsets[1] > bytes.Length)
                {
                    throw new MeijuDataException(path, $"truncated safetensors file: key '{entry.Name}' ends at byte {dataStart + offsets[1]}, file has {bytes.Length}");
                }

                var t = empty(shape, scalar);
                t.bytes = bytes.AsSpan((int)(dataStart + offsets[0]), (int)(offsets[1] - offsets[0]));
                result.Add(entry.Name, t, path);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new MeijuDataException(path, "malformed safetensors header: " + e.Message);
        }

        return result;
    }

    /// <summary>
    /// Copies every weight into <paramref name="module"/> after checking that the keys match exactly and every
    /// shape agrees; on any problem nothing is copied and the error names the file and the key.
    /// </summary>
    /// <param name="module">The model to fill.</param>
    /// <param name="source">What to name when a key is missing (the folder or file read).</param>
    public void LoadInto(nn.Module module, string source)
    {
        var target = module.state_dict();
        foreach (var (key, tensor) in target)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                throw new MeijuDataException(source, $"missing key '{key}' (shape [{string.Join(", ", tensor.shape)}]); the checkpoint does not match this configuration");
            }

            if (!entry.Tensor.shape.SequenceEqual(tensor.shape))
            {
                throw new MeijuDataException(entry.File, $"key '{key}' has shape [{string.Join(", ", entry.Tensor.shape)}], the model expects [{string.Join(", ", tensor.shape)}]");
            }

            if (!FiniteWeights.IsFinite(entry.Tensor))
            {
                throw new MeijuDataException(entry.File, $"key '{key}' holds NaN or Inf: these weights are unusable (the run that wrote them diverged); retrain with a lower learning rate");
            }
        }

        foreach (var key in _keys)
        {
            if (!target.ContainsKey(key))
            {
                throw new MeijuDataException(_entries[key].File, $"unexpected key '{key}': the model has no such parameter (wrong configuration or stage?)");
            }
        }

        using var _ = no_grad();
        foreach (var (key, tensor) in target)
        {
            tensor.copy_(_entries[key].Tensor);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (t, _) in _entries.Values)
        {
            t.Dispose();
        }

        _entries.Clear();
        _keys.Clear();
    }

    private static Tensor ToTensor(NpyArray array) => tensor(array.Data, array.Shape.Select(d => (long)d).ToArray());

    private static List<(string Key, Tensor Tensor)> ReadPyTorchRaw(string path)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "file not found");
        }

        try
        {
            using var stream = File.OpenRead(path);
            var raw = PyTorchUnpickler.UnpickleStateDict(stream);
            var list = new List<(string, Tensor)>();
            foreach (DictionaryEntry e in (IDictionary)raw)
            {
                if (e.Value is not Tensor t)
                {
                    throw new MeijuDataException(path, $"key '{e.Key}' is not a tensor; expected a state dict saved with torch.save(model.state_dict())");
                }

                list.Add(((string)e.Key, t));
            }

            return list;
        }
        catch (MeijuDataException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new MeijuDataException(path, "cannot read PyTorch checkpoint (truncated or not a torch.save zip file): " + e.Message);
        }
    }
}
