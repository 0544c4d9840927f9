using System.Text;

namespace Meiju.Features.Onnx;

/// <summary>
/// Frees a model exported with a fixed batch of 1 (ML.NET's ResNet18.onnx and ResNetPreprocess.onnx) so one ONNX
/// Runtime call can take several images: the serialised ModelProto is copied with the first dimension of every graph
/// input and output made symbolic and the intermediate value_info dropped (ONNX Runtime infers those shapes again).
/// Done in memory on the raw protobuf; nothing is written to disk.
/// </summary>
/// <remarks>
/// Lifting the batch is only sound when no operation depends on it, so every node must be one whose result for
/// image <c>i</c> depends only on image <c>i</c>: an allow-list of per-sample operations, with any <c>axis</c>
/// attribute away from the batch axis. Reshape, Shape, Gather, MatMul, Transpose and the like (where a graph can
/// bake the batch of 1 into a constant) make the rewrite refuse, and the caller keeps running one image per call.
/// </remarks>
public static class OnnxBatchRewriter
{
    /// <summary>The name given to the freed batch dimension.</summary>
    public const string BatchDimension = "batch";

    private static readonly HashSet<string> PerSampleOps = new(StringComparer.Ordinal)
    {
        "Conv", "BatchNormalization", "InstanceNormalization", "LRN",
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid", "Tanh", "Clip", "Softplus", "HardSwish",
        "Add", "Sub", "Mul", "Div", "Sum", "Max", "Min", "Mean", "Sqrt", "Neg", "Abs", "Exp", "Log", "Pow",
        "AveragePool", "MaxPool", "GlobalAveragePool", "GlobalMaxPool", "LpPool", "GlobalLpPool",
        "Identity", "Dropout", "Concat", "Split", "Softmax", "LogSoftmax", "Flatten", "Gemm",
    };

    // Operations whose 'axis' (default shown) must not be the batch axis 0. Ranks are not known here, so of the
    // negative values (counted from the end) only -1 is accepted: -4 on an image tensor, or -2 after a Flatten,
    // is the batch axis again.
    private static readonly Dictionary<string, long> AxisDefaults = new(StringComparer.Ordinal)
    {
        ["Concat"] = 0, ["Split"] = 0, ["Softmax"] = 1, ["LogSoftmax"] = 1, ["Flatten"] = 1,
    };

    /// <summary>
    /// Returns the model with a symbolic batch, or null (with <paramref name="reason"/>) when the graph cannot be
    /// shown to treat images independently or its inputs and outputs do not all start with a batch of 1.
    /// </summary>
    public static byte[]? TryLiftBatch(byte[] model, out string reason)
    {
        try
        {
            return Lift(model, out reason);
        }
        catch (FormatException e)
        {
            reason = "not a readable ONNX protobuf: " + e.Message;
            return null;
        }
    }

    // The weights (tens of MB) are never copied piecewise: the new model is assembled from slices of the original
    // plus the few rewritten messages, in one final array.
    private static byte[]? Lift(byte[] model, out string reason)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        var sawGraph = false;
        foreach (var field in Proto.Fields(model))
        {
            if (field.Number == 7 && field.WireType == 2)
            {
                var graph = LiftGraph(model.AsMemory(field.ValueStart, field.End - field.ValueStart), out reason);
                if (graph is null)
                {
                    return null;
                }

                pieces.Add(Proto.Header(7, graph.Sum(p => p.Length)));
                pieces.AddRange(graph);
                sawGraph = true;
            }
            else
            {
                pieces.Add(model.AsMemory(field.Start, field.End - field.Start));
            }
        }

        if (!sawGraph)
        {
            reason = "the model has no graph";
            return null;
        }

        var result = new byte[pieces.Sum(p => p.Length)];
        var at = 0;
        foreach (var piece in pieces)
        {
            piece.Span.CopyTo(result.AsSpan(at));
            at += piece.Length;
        }

        reason = "";
        return result;
    }

    private static List<ReadOnlyMemory<byte>>? LiftGraph(ReadOnlyMemory<byte> graphMemory, out string reason)
    {
        var graph = graphMemory.Span;
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in Proto.Fields(graph))
        {
            if (field.Number == 5 && field.WireType == 2)
            {
                initializers.Add(Proto.StringField(field.Value(graph), 8) ?? "");
            }
        }

        foreach (var field in Proto.Fields(graph))
        {
            if (field.Number == 1 && field.WireType == 2 && !IsPerSample(field.Value(graph), initializers, out reason))
            {
                return null;
            }
        }

        var pieces = new List<ReadOnlyMemory<byte>>();
        var freed = 0;
        foreach (var field in Proto.Fields(graph))
        {
            var raw = graphMemory[field.Start..field.End];
            switch (field.Number)
            {
                case 11 or 12 when field.WireType == 2:
                    var info = field.Value(graph);
                    var name = Proto.StringField(info, 1) ?? "";
                    if (field.Number == 11 && initializers.Contains(name))
                    {
                        // IR version 3 lists every weight as a graph input too; those keep their shapes.
                        pieces.Add(raw);
                        break;
                    }

                    var lifted = LiftValueInfo(info);
                    if (lifted is null)
                    {
                        reason = $"graph {(field.Number == 11 ? "input" : "output")} '{name}' does not start with a batch of 1";
                        return null;
                    }

                    var message = new List<byte>(lifted.Length + 8);
                    Proto.WriteBytes(message, field.Number, lifted);
                    pieces.Add(message.ToArray());
                    freed++;
                    break;
                case 13:
                    // Intermediate shapes recorded with the batch of 1; ONNX Runtime infers them again.
                    break;
                default:
                    pieces.Add(raw);
                    break;
            }
        }

        reason = freed == 0 ? "the graph declares no inputs or outputs" : "";
        return freed == 0 ? null : pieces;
    }

    private static bool IsPerSample(ReadOnlySpan<byte> node, HashSet<string> initializers, out string reason)
    {
        var op = Proto.StringField(node, 4) ?? "";
        var domain = Proto.StringField(node, 7) ?? "";
        if (domain.Length > 0 && domain != "ai.onnx")
        {
            reason = $"operation {op} is from domain '{domain}'";
            return false;
        }

        if (!PerSampleOps.Contains(op))
        {
            reason = $"operation {op} may depend on the batch size";
            return false;
        }

        long? axis = null;
        var transA = 0L;
        long? trainingMode = null, isTest = null;
        var inputs = new List<string>();
        foreach (var field in Proto.Fields(node))
        {
            if (field.Number == 1 && field.WireType == 2)
            {
                inputs.Add(System.Text.Encoding.UTF8.GetString(field.Value(node)));
                continue;
            }

            if (field.Number != 5 || field.WireType != 2)
            {
                continue;
            }

            var attribute = field.Value(node);
            var name = Proto.StringField(attribute, 1);
            var value = Proto.VarintField(attribute, 3) ?? 0;
            switch (name)
            {
                case "axis": axis = value; break;
                case "transA": transA = value; break;
                case "training_mode": trainingMode = value; break;
                case "is_test": isTest = value; break;
            }
        }

        if (AxisDefaults.TryGetValue(op, out var axisDefault) && (axis ?? axisDefault) is var a && (a == 0 || a < -1))
        {
            reason = $"operation {op} works along the batch axis (or an axis that may be it: {a})";
            return false;
        }

        // Batch statistics (training mode) mix the images of a batch; inference mode uses the stored ones.
        if (op == "BatchNormalization" && (trainingMode == 1 || isTest == 0))
        {
            reason = "operation BatchNormalization runs in training mode (batch statistics)";
            return false;
        }

        // The batch must flow through Gemm's A; a weight there would put the images in B's rows. Concat does not
        // broadcast, so a constant joined to the images would fail at any batch above 1.
        if ((op == "Gemm" && inputs.Count > 0 && initializers.Contains(inputs[0]))
            || (op == "Concat" && inputs.Any(initializers.Contains)))
        {
            reason = $"operation {op} combines the images with a constant along the batch";
            return false;
        }

        if (op == "Gemm" && transA != 0)
        {
            reason = "operation Gemm transposes its batch input";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>ValueInfoProto with its first dimension (a dim_value of 1) replaced by the symbolic batch.</summary>
    private static byte[]? LiftValueInfo(ReadOnlySpan<byte> info)
    {
        var lifted = false;
        var output = new List<byte>(info.Length + 8);
        foreach (var field in Proto.Fields(info))
        {
            if (field.Number == 2 && field.WireType == 2)
            {
                var type = Rewrite(field.Value(info), 1, tensor => Rewrite(tensor, 2, shape => LiftShape(shape, ref lifted)));
                Proto.WriteBytes(output, 2, type);
            }
            else
            {
                output.AddRange(field.Raw(info));
            }
        }

        return lifted ? [.. output] : null;
    }

    private static byte[] LiftShape(ReadOnlySpan<byte> shape, ref bool lifted)
    {
        var output = new List<byte>(shape.Length + 8);
        var first = true;
        foreach (var field in Proto.Fields(shape))
        {
            if (field.Number == 1 && field.WireType == 2 && first)
            {
                first = false;
                if (Proto.VarintField(field.Value(shape), 1) == 1)
                {
                    Proto.WriteBytes(output, 1, Proto.StringBytes(2, BatchDimension));
                    lifted = true;
                    continue;
                }
            }

            output.AddRange(field.Raw(shape));
        }

        return [.. output];
    }

    private delegate byte[] SpanRewrite(ReadOnlySpan<byte> message);

    /// <summary>Copies a message, passing the (single) sub-message <paramref name="number"/> through <paramref name="inner"/>.</summary>
    private static byte[] Rewrite(ReadOnlySpan<byte> message, int number, SpanRewrite inner)
    {
        var output = new List<byte>(message.Length + 8);
        foreach (var field in Proto.Fields(message))
        {
            if (field.Number == number && field.WireType == 2)
            {
                Proto.WriteBytes(output, number, inner(field.Value(message)));
            }
            else
            {
                output.AddRange(field.Raw(message));
            }
        }

        return [.. output];
    }

    /// <summary>Just enough of the protobuf wire format to walk and copy messages.</summary>
    private static class Proto
    {
        public readonly record struct Field(int Number, int WireType, int Start, int ValueStart, int End, ulong Varint)
        {
            public ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> message) => message[Start..End];

            public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> message) => message[ValueStart..End];
        }

        public static List<Field> Fields(ReadOnlySpan<byte> message)
        {
            var fields = new List<Field>();
            var i = 0;
            while (i < message.Length)
            {
                var start = i;
                var key = ReadVarint(message, ref i);
                var number = (int)(key >> 3);
                var wire = (int)(key & 7);
                switch (wire)
                {
                    case 0:
                        var v = ReadVarint(message, ref i);
                        fields.Add(new Field(number, wire, start, start, i, v));
                        break;
                    case 1 or 5:
                        var size = wire == 1 ? 8 : 4;
                        Check(message, i, size);
                        fields.Add(new Field(number, wire, start, i, i + size, 0));
                        i += size;
                        break;
                    case 2:
                        var length = ReadVarint(message, ref i);
                        if (length > (ulong)(message.Length - i))
                        {
                            throw new FormatException($"field {number} runs past the end of its message");
                        }

                        fields.Add(new Field(number, wire, start, i, i + (int)length, 0));
                        i += (int)length;
                        break;
                    default:
                        throw new FormatException($"unsupported wire type {wire} in field {number}");
                }
            }

            return fields;
        }

        public static string? StringField(ReadOnlySpan<byte> message, int number)
        {
            foreach (var field in Fields(message))
            {
                if (field.Number == number && field.WireType == 2)
                {
                    return Encoding.UTF8.GetString(field.Value(message));
                }
            }

            return null;
        }

        public static long? VarintField(ReadOnlySpan<byte> message, int number)
        {
            foreach (var field in Fields(message))
            {
                if (field.Number == number && field.WireType == 0)
                {
                    return (long)field.Varint;
                }
            }

            return null;
        }

        public static byte[] Header(int number, int length)
        {
            var output = new List<byte>(10);
            WriteVarint(output, ((ulong)number << 3) | 2);
            WriteVarint(output, (ulong)length);
            return [.. output];
        }

        public static byte[] StringBytes(int number, string value)
        {
            var output = new List<byte>();
            WriteBytes(output, number, Encoding.UTF8.GetBytes(value));
            return [.. output];
        }

        public static void WriteBytes(List<byte> output, int number, ReadOnlySpan<byte> value)
        {
            WriteVarint(output, ((ulong)number << 3) | 2);
            WriteVarint(output, (ulong)value.Length);
            output.AddRange(value);
        }

        private static void WriteVarint(List<byte> output, ulong v)
        {
            do
            {
                var b = (byte)(v & 0x7F);
                v >>= 7;
                output.Add(v != 0 ? (byte)(b | 0x80) : b);
            }
            while (v != 0);
        }

        private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int i)
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                Check(message, i, 1);
                var b = message[i++];
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw new FormatException("varint longer than 10 bytes");
        }

        private static void Check(ReadOnlySpan<byte> message, int at, int size)
        {
            if (at + size > message.Length)
            {
                throw new FormatException("message ends inside a field");
            }
        }
    }
}
