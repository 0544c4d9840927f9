using static Meiju.Features.Tests.Onnx.ProtoBytes;

namespace Meiju.Features.Tests.Onnx;

/// <summary>
/// Writes tiny image models as raw protobuf (opset 13): a chain of nodes from a float NCHW input, with a fixed or
/// symbolic batch, so batch lifting can be tested on graphs that are and are not per-image.
/// </summary>
internal sealed class TinyImageOnnx
{
    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<byte[]> _valueInfo = [];

    /// <summary>Adds a node; attributes are ints.</summary>
    public TinyImageOnnx Node(string op, string[] inputs, string output, params (string Name, long Value)[] attributes)
    {
        var fields = new List<byte[]>();
        fields.AddRange(inputs.Select(i => Str(1, i)));
        fields.Add(Str(2, output));
        fields.Add(Str(4, op));
        fields.AddRange(attributes.Select(a => Bytes(5, Message(Str(1, a.Name), Varint(3, a.Value), Varint(20, 2)))));
        _nodes.Add(Message([.. fields]));
        return this;
    }

    /// <summary>Adds an int64 initialiser (a Reshape shape).</summary>
    public TinyImageOnnx Int64s(string name, long[] values)
    {
        var raw = values.SelectMany(BitConverter.GetBytes).ToArray();
        _initializers.Add(Message(Varint(1, values.Length), Varint(2, 7), Str(8, name), Bytes(9, raw)));
        return this;
    }

    /// <summary>Records an intermediate shape, as exporters do (with the batch of 1).</summary>
    public TinyImageOnnx ValueInfo(string name, params long?[] dims)
    {
        _valueInfo.Add(Info(name, dims));
        return this;
    }

    /// <summary>The model, with the given input and output shapes (null = symbolic "n").</summary>
    public byte[] Build(string input, long?[] inputDims, string output, long?[] outputDims)
    {
        var graph = Message([.. _nodes.Select(n => Bytes(1, n)), Str(2, "tiny"), .. _initializers.Select(t => Bytes(5, t)),
                             Bytes(11, Info(input, inputDims)), Bytes(12, Info(output, outputDims)), .. _valueInfo.Select(v => Bytes(13, v))]);
        return Message(Varint(1, 8), Bytes(7, graph), Bytes(8, Message(Str(1, ""), Varint(2, 13))));
    }

    private static byte[] Info(string name, long?[] dims)
    {
        var shape = Message([.. dims.Select(d => Bytes(1, d is { } v ? Varint(1, v) : Str(2, "n")))]);
        return Message(Str(1, name), Bytes(2, Message(Bytes(1, Message(Varint(1, 1), Bytes(2, shape))))));
    }
}
