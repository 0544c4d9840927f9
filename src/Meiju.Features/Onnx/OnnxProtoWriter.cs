using System.Text;

namespace Meiju.Features.Onnx;

/// <summary>
/// Writes small ONNX models as raw protobuf (ModelProto → GraphProto → NodeProto/TensorProto/ValueInfoProto), enough to
/// hand ONNX Runtime a graph built in code: float initialisers, int/ints attributes, float inputs with a symbolic
/// batch dimension. Field numbers follow onnx.proto (IR version 8, opset 13).
/// </summary>
internal sealed class OnnxProtoWriter
{
    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];

    /// <summary>Adds a node with int or int-list attributes.</summary>
    public void Node(string op, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var fields = new List<byte[]>();
        fields.AddRange(inputs.Select(i => Str(1, i)));
        fields.AddRange(outputs.Select(o => Str(2, o)));
        fields.Add(Str(3, outputs[0] + "_node"));
        fields.Add(Str(4, op));
        foreach (var (name, value) in attributes)
        {
            fields.Add(Bytes(5, value switch
            {
                long[] ints => Message([Str(1, name), .. ints.Select(v => Varint(8, v)), Varint(20, 7)]),
                long i => Message(Str(1, name), Varint(3, i), Varint(20, 2)),
                _ => throw new ArgumentException($"attribute {name}: unsupported type {value.GetType().Name}"),
            }));
        }

        _nodes.Add(Message([.. fields]));
    }

    /// <summary>Adds a float initialiser.</summary>
    public void Initializer(string name, long[] dims, float[] values)
    {
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        _initializers.Add(Message([.. dims.Select(d => Varint(1, d)), Varint(2, 1), Str(8, name), Bytes(9, raw)]));
    }

    /// <summary>Declares a float graph input; a null dimension is symbolic (the batch).</summary>
    public void Input(string name, long?[] dims)
    {
        var shape = Message([.. dims.Select(d => Bytes(1, d is { } v ? Varint(1, v) : Str(2, "batch")))]);
        _inputs.Add(Message(Str(1, name), Bytes(2, Message(Bytes(1, Message(Varint(1, 1), Bytes(2, shape)))))));
    }

    /// <summary>Declares a float graph output (shape left to inference).</summary>
    public void Output(string name) => _outputs.Add(Message(Str(1, name), Bytes(2, Message(Bytes(1, Message(Varint(1, 1)))))));

    /// <summary>The serialised ModelProto.</summary>
    public byte[] ToBytes(string graphName)
    {
        var graph = Message([.. _nodes.Select(n => Bytes(1, n)), Str(2, graphName), .. _initializers.Select(t => Bytes(5, t)),
                             .. _inputs.Select(i => Bytes(11, i)), .. _outputs.Select(o => Bytes(12, o))]);
        return Message(Varint(1, 8), Str(2, "meiju"), Bytes(7, graph), Bytes(8, Message(Str(1, ""), Varint(2, 13))));
    }

    private static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();

    private static byte[] Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Bytes(int field, byte[] value) => [.. Raw((ulong)((field << 3) | 2)), .. Raw((ulong)value.Length), .. value];

    private static byte[] Varint(int field, long value) => [.. Raw((ulong)(field << 3)), .. Raw((ulong)value)];

    private static byte[] Raw(ulong v)
    {
        var bytes = new List<byte>(10);
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            bytes.Add(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
        return [.. bytes];
    }
}
