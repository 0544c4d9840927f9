using Meiju.Features.Onnx;

namespace Meiju.Features.Fer;

/// <summary>
/// Rebuilds a small tfjs CNN (the ops <see cref="TfjsGraphRunner"/> supports) as an ONNX graph in memory, so ONNX
/// Runtime's convolution kernels run it in batches. NHWC weights are transposed to ONNX's NCHW layouts and TensorFlow's
/// SAME padding becomes explicit (possibly asymmetric) pads computed from the fixed input size. The C# runner stays
/// the reference the tests compare against.
/// </summary>
internal static class TfjsOnnxConverter
{
    /// <summary>Name of the ONNX input ([batch, channels, size, size]).</summary>
    public const string InputName = "input";

    /// <summary>Converts <paramref name="model"/> for a square input; outputs are the model output and <paramref name="pooledTensor"/> global-averaged.</summary>
    public static byte[] Convert(TfjsGraphModel model, TfjsGraphRunner runner, int size, int channels, string pooledTensor, out string output, out string pooled)
    {
        var writer = new OnnxProtoWriter();
        var shapes = new Dictionary<string, (int H, int W, int C)>(StringComparer.Ordinal) { [runner.Input] = (size, size, channels) };
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [runner.Input] = InputName };
        writer.Input(InputName, [null, channels, size, size]);
        foreach (var node in model.Nodes)
        {
            if (node.Op is "Const" or "Placeholder")
            {
                continue;
            }

            var x = names[node.Inputs[0]];
            var (h, w, c) = shapes[node.Inputs[0]];
            var y = node.Name;
            switch (node.Op)
            {
                case "_FusedConv2D" or "Conv2D" or "DepthwiseConv2dNative":
                {
                    var weight = model.Constants[node.Inputs[1]];
                    int kh = weight.Shape[0], kw = weight.Shape[1], ci = weight.Shape[2], cm = weight.Shape[3];
                    var depthwise = node.Op == "DepthwiseConv2dNative";
                    var co = depthwise ? ci * cm : cm;
                    var strides = node.IntListAttr("strides");
                    var same = node.StringAttr("padding") == "SAME";
                    var (oh, top, bottom) = Pads(h, kh, strides[1], same);
                    var (ow, left, right) = Pads(w, kw, strides[2], same);
                    // HWIO → OIHW; depthwise [kh, kw, C, M] → [C·M, 1, kh, kw] with group C.
                    var onnxWeight = new float[co * (depthwise ? 1 : ci) * kh * kw];
                    for (var ky = 0; ky < kh; ky++)
                    {
                        for (var kx = 0; kx < kw; kx++)
                        {
                            for (var i = 0; i < ci; i++)
                            {
                                for (var m = 0; m < cm; m++)
                                {
                                    var v = weight.Values[((((ky * kw) + kx) * ci) + i) * cm + m];
                                    var index = depthwise
                                        ? ((((i * cm) + m) * kh) + ky) * kw + kx
                                        : ((((m * ci) + i) * kh) + ky) * kw + kx;
                                    onnxWeight[index] = v;
                                }
                            }
                        }
                    }

                    writer.Initializer(y + "/W", [co, depthwise ? 1 : ci, kh, kw], onnxWeight);
                    var inputs = new List<string> { x, y + "/W" };
                    var fused = node.Op == "_FusedConv2D" ? node.StringListAttr("fused_ops") : [];
                    if (fused.Contains("BiasAdd"))
                    {
                        writer.Initializer(y + "/B", [co], model.Constants[node.Inputs[2]].Values);
                        inputs.Add(y + "/B");
                    }

                    var convOut = fused.Contains("Relu") ? y + "/conv" : y;
                    writer.Node("Conv", [.. inputs], [convOut],
                        ("kernel_shape", new long[] { kh, kw }), ("strides", new long[] { strides[1], strides[2] }),
                        ("pads", new long[] { top, left, bottom, right }), ("group", (long)(depthwise ? ci : 1)));
                    if (fused.Contains("Relu"))
                    {
                        writer.Node("Relu", [convOut], [y]);
                    }

                    shapes[node.Name] = (oh, ow, co);
                    break;
                }

                case "MaxPool":
                {
                    var k = node.IntListAttr("ksize");
                    var s = node.IntListAttr("strides");
                    var same = node.StringAttr("padding") == "SAME";
                    var (oh, top, bottom) = Pads(h, k[1], s[1], same);
                    var (ow, left, right) = Pads(w, k[2], s[2], same);
                    writer.Node("MaxPool", [x], [y], ("kernel_shape", new long[] { k[1], k[2] }), ("strides", new long[] { s[1], s[2] }),
                        ("pads", new long[] { top, left, bottom, right }));
                    shapes[node.Name] = (oh, ow, c);
                    break;
                }

                case "AddV2" or "Add":
                    writer.Node("Add", [x, names[node.Inputs[1]]], [y]);
                    shapes[node.Name] = (h, w, c);
                    break;
                case "Relu":
                    writer.Node("Relu", [x], [y]);
                    shapes[node.Name] = (h, w, c);
                    break;
                case "Mean":
                    writer.Node("GlobalAveragePool", [x], [y + "/gap"]);
                    writer.Node("Flatten", [y + "/gap"], [y], ("axis", 1L));
                    shapes[node.Name] = (1, 1, c);
                    break;
                case "Softmax":
                    writer.Node("Softmax", [x], [y], ("axis", 1L));
                    shapes[node.Name] = (h, w, c);
                    break;
                case "Identity":
                    writer.Node("Identity", [x], [y]);
                    shapes[node.Name] = (h, w, c);
                    break;
                default:
                    throw new MeijuDataException(model.SourcePath, $"cannot convert tfjs operation '{node.Op}' to ONNX");
            }

            names[node.Name] = y;
        }

        output = names[runner.Output];
        pooled = pooledTensor + "/pooled";
        writer.Node("GlobalAveragePool", [names[pooledTensor]], [pooled + "/gap"]);
        writer.Node("Flatten", [pooled + "/gap"], [pooled], ("axis", 1L));
        writer.Output(output);
        writer.Output(pooled);
        return writer.ToBytes("tfjs");
    }

    private static (int Out, int Before, int After) Pads(int size, int kernel, int stride, bool same)
    {
        if (!same)
        {
            return (((size - kernel) / stride) + 1, 0, 0);
        }

        var output = (size + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + kernel - size, 0);
        return (output, total / 2, total - (total / 2));
    }
}
