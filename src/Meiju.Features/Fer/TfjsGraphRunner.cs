using System.Numerics;
using System.Runtime.InteropServices;

namespace Meiju.Features.Fer;

/// <summary>An NHWC feature map of one image (batch 1): Height × Width × Channels, channels fastest.</summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Channels">Channels.</param>
/// <param name="Data">Values, length H·W·C.</param>
public sealed record FeatureMap(int Height, int Width, int Channels, float[] Data);

/// <summary>
/// Executes a <see cref="TfjsGraphModel"/> on one image with plain C# loops (SIMD over channels). Supports the
/// operations of small Keras CNNs as tfjs exports them: <c>_FusedConv2D</c> (BiasAdd, Relu),
/// <c>DepthwiseConv2dNative</c>, <c>MaxPool</c>, <c>AddV2</c>, <c>Relu</c>, <c>Mean</c> over H and W,
/// <c>Softmax</c>, <c>Identity</c>. Anything else fails with the operation's name.
/// </summary>
public sealed class TfjsGraphRunner
{
    private static readonly HashSet<string> Supported =
        ["Const", "Placeholder", "_FusedConv2D", "Conv2D", "DepthwiseConv2dNative", "MaxPool", "AddV2", "Add", "Relu", "Mean", "Softmax", "Identity"];

    private readonly TfjsGraphModel _model;
    private readonly Dictionary<string, TfjsNode> _byName;

    /// <summary>Checks that every operation is supported.</summary>
    public TfjsGraphRunner(TfjsGraphModel model)
    {
        _model = model;
        _byName = model.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var node in model.Nodes)
        {
            if (!Supported.Contains(node.Op))
            {
                throw new MeijuDataException(model.SourcePath, $"tfjs operation '{node.Op}' (node {node.Name}) is not implemented");
            }

            if (node.StringAttr("data_format") is { } format && format != "NHWC")
            {
                throw new MeijuDataException(model.SourcePath, $"node {node.Name}: data format {format} is not supported (NHWC only)");
            }

            if (node.IntListAttr("dilations") is { Length: 4 } d && (d[1] != 1 || d[2] != 1))
            {
                throw new MeijuDataException(model.SourcePath, $"node {node.Name}: dilated convolutions are not supported");
            }
        }

        Input = model.Nodes.First(n => n.Op == "Placeholder").Name;
        Output = model.Nodes.Last().Name;
    }

    /// <summary>The input placeholder's name.</summary>
    public string Input { get; }

    /// <summary>The last node's name (the model output).</summary>
    public string Output { get; }

    /// <summary>Evaluates the graph and returns the requested tensors (by node name).</summary>
    public IReadOnlyDictionary<string, FeatureMap> Run(FeatureMap input, params string[] outputs)
    {
        var values = new Dictionary<string, FeatureMap>(StringComparer.Ordinal) { [Input] = input };
        foreach (var name in outputs)
        {
            Evaluate(name, values);
        }

        return outputs.ToDictionary(o => o, o => values[o], StringComparer.Ordinal);
    }

    /// <summary>The node named <paramref name="name"/>.</summary>
    public TfjsNode Node(string name) => _byName[name];

    private FeatureMap Evaluate(string name, Dictionary<string, FeatureMap> values)
    {
        if (values.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var node = _byName.TryGetValue(name, out var n) ? n : throw new MeijuDataException(_model.SourcePath, $"graph has no node '{name}'");
        FeatureMap result = node.Op switch
        {
            "_FusedConv2D" or "Conv2D" => Conv(node, Evaluate(node.Inputs[0], values), depthwise: false),
            "DepthwiseConv2dNative" => Conv(node, Evaluate(node.Inputs[0], values), depthwise: true),
            "MaxPool" => MaxPool(node, Evaluate(node.Inputs[0], values)),
            "AddV2" or "Add" => Add(Evaluate(node.Inputs[0], values), Evaluate(node.Inputs[1], values)),
            "Relu" => Relu(Evaluate(node.Inputs[0], values)),
            "Mean" => GlobalMean(CheckSpatialAxes(node), Evaluate(node.Inputs[0], values)),
            "Softmax" => Softmax(Evaluate(node.Inputs[0], values)),
            "Identity" => Evaluate(node.Inputs[0], values),
            _ => throw new MeijuDataException(_model.SourcePath, $"node {name} ({node.Op}) cannot be evaluated as a tensor"),
        };
        values[name] = result;
        return result;
    }

    private TfjsConstant Const(string name) =>
        _model.Constants.TryGetValue(name, out var c) ? c : throw new MeijuDataException(_model.SourcePath, $"constant '{name}' is missing from the weights");

    private static (int Out, int PadBefore) Geometry(int size, int kernel, int stride, bool same)
    {
        if (same)
        {
            var output = (size + stride - 1) / stride;
            var total = Math.Max(((output - 1) * stride) + kernel - size, 0);
            return (output, total / 2);
        }

        return (((size - kernel) / stride) + 1, 0);
    }

    private FeatureMap Conv(TfjsNode node, FeatureMap x, bool depthwise)
    {
        var w = Const(node.Inputs[1]);
        int kh = w.Shape[0], kw = w.Shape[1], ci = w.Shape[2], cm = w.Shape[3];
        if (ci != x.Channels)
        {
            throw new MeijuDataException(_model.SourcePath, $"node {node.Name}: kernel expects {ci} channels, input has {x.Channels}");
        }

        var strides = node.IntListAttr("strides");
        var sy = strides.Length == 4 ? strides[1] : 1;
        var sx = strides.Length == 4 ? strides[2] : 1;
        var same = node.StringAttr("padding") == "SAME";
        var (oh, padTop) = Geometry(x.Height, kh, sy, same);
        var (ow, padLeft) = Geometry(x.Width, kw, sx, same);
        var co = depthwise ? ci * cm : cm;
        var y = new float[oh * ow * co];

        var fused = node.Op == "_FusedConv2D" ? node.StringListAttr("fused_ops") : [];
        float[]? bias = null;
        if (fused.Contains("BiasAdd"))
        {
            bias = Const(node.Inputs[2]).Values;
        }

        foreach (var op in fused)
        {
            if (op is not ("BiasAdd" or "Relu"))
            {
                throw new MeijuDataException(_model.SourcePath, $"node {node.Name}: fused operation '{op}' is not implemented");
            }
        }

        var relu = fused.Contains("Relu");
        var weights = w.Values;
        var vw = Vector<float>.Count;
        for (var oy = 0; oy < oh; oy++)
        {
            for (var ox = 0; ox < ow; ox++)
            {
                var outRow = y.AsSpan(((oy * ow) + ox) * co, co);
                if (bias is not null)
                {
                    bias.AsSpan().CopyTo(outRow);
                }

                for (var ky = 0; ky < kh; ky++)
                {
                    var iy = (oy * sy) + ky - padTop;
                    if (iy < 0 || iy >= x.Height)
                    {
                        continue;
                    }

                    for (var kx = 0; kx < kw; kx++)
                    {
                        var ix = (ox * sx) + kx - padLeft;
                        if (ix < 0 || ix >= x.Width)
                        {
                            continue;
                        }

                        var inRow = x.Data.AsSpan(((iy * x.Width) + ix) * ci, ci);
                        var wBase = ((ky * kw) + kx) * ci * cm;
                        if (depthwise)
                        {
                            // Weight layout [kh, kw, ci, multiplier]: output channel c·cm + m.
                            var wRow = weights.AsSpan(wBase, ci * cm);
                            if (cm == 1)
                            {
                                MultiplyAdd(inRow, wRow, outRow, vw);
                            }
                            else
                            {
                                for (var c = 0; c < ci; c++)
                                {
                                    for (var m = 0; m < cm; m++)
                                    {
                                        outRow[(c * cm) + m] += inRow[c] * wRow[(c * cm) + m];
                                    }
                                }
                            }
                        }
                        else if (co % vw == 0 && Vector.IsHardwareAccelerated)
                        {
                            AccumulateRows(inRow, weights.AsSpan(wBase, ci * co), outRow);
                        }
                        else
                        {
                            // Weight layout [kh, kw, ci, co]: accumulate one input value times a row of co weights.
                            for (var c = 0; c < ci; c++)
                            {
                                var v = inRow[c];
                                if (v == 0f)
                                {
                                    continue;
                                }

                                Axpy(v, weights.AsSpan(wBase + (c * co), co), outRow, vw);
                            }
                        }
                    }
                }

                if (relu)
                {
                    for (var j = 0; j < co; j++)
                    {
                        if (outRow[j] < 0)
                        {
                            outRow[j] = 0;
                        }
                    }
                }
            }
        }

        return new FeatureMap(oh, ow, co, y);
    }

    /// <summary>y += Σ_c x[c] · W[c, :], four input channels per pass so each output vector is loaded once per four rows.</summary>
    private static void AccumulateRows(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y)
    {
        var co = y.Length;
        var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
        var wv = MemoryMarshal.Cast<float, Vector<float>>(w);
        var perRow = yv.Length;
        var c = 0;
        for (; c + 3 < x.Length; c += 4)
        {
            float a0 = x[c], a1 = x[c + 1], a2 = x[c + 2], a3 = x[c + 3];
            if (a0 == 0f && a1 == 0f && a2 == 0f && a3 == 0f)
            {
                continue;
            }

            var r0 = wv.Slice(c * perRow, perRow);
            var r1 = wv.Slice((c + 1) * perRow, perRow);
            var r2 = wv.Slice((c + 2) * perRow, perRow);
            var r3 = wv.Slice((c + 3) * perRow, perRow);
            for (var v = 0; v < perRow; v++)
            {
                yv[v] += (a0 * r0[v]) + (a1 * r1[v]) + (a2 * r2[v]) + (a3 * r3[v]);
            }
        }

        for (; c < x.Length; c++)
        {
            if (x[c] != 0f)
            {
                Axpy(x[c], w.Slice(c * co, co), y, Vector<float>.Count);
            }
        }
    }

    private static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y, int vw)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            for (; i <= x.Length - vw; i += vw)
            {
                (new Vector<float>(y[i..]) + (va * new Vector<float>(x[i..]))).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static void MultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, int vw)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= a.Length - vw; i += vw)
            {
                (new Vector<float>(y[i..]) + (new Vector<float>(a[i..]) * new Vector<float>(b[i..]))).CopyTo(y[i..]);
            }
        }

        for (; i < a.Length; i++)
        {
            y[i] += a[i] * b[i];
        }
    }

    private static FeatureMap MaxPool(TfjsNode node, FeatureMap x)
    {
        var k = node.IntListAttr("ksize");
        var s = node.IntListAttr("strides");
        var same = node.StringAttr("padding") == "SAME";
        var (oh, padTop) = Geometry(x.Height, k[1], s[1], same);
        var (ow, padLeft) = Geometry(x.Width, k[2], s[2], same);
        var c = x.Channels;
        var y = new float[oh * ow * c];
        for (var oy = 0; oy < oh; oy++)
        {
            for (var ox = 0; ox < ow; ox++)
            {
                var outRow = y.AsSpan(((oy * ow) + ox) * c, c);
                outRow.Fill(float.NegativeInfinity);
                for (var ky = 0; ky < k[1]; ky++)
                {
                    var iy = (oy * s[1]) + ky - padTop;
                    if (iy < 0 || iy >= x.Height)
                    {
                        continue;
                    }

                    for (var kx = 0; kx < k[2]; kx++)
                    {
                        var ix = (ox * s[2]) + kx - padLeft;
                        if (ix < 0 || ix >= x.Width)
                        {
                            continue;
                        }

                        var inRow = x.Data.AsSpan(((iy * x.Width) + ix) * c, c);
                        for (var j = 0; j < c; j++)
                        {
                            outRow[j] = Math.Max(outRow[j], inRow[j]);
                        }
                    }
                }
            }
        }

        return new FeatureMap(oh, ow, c, y);
    }

    private FeatureMap Add(FeatureMap a, FeatureMap b)
    {
        if (a.Data.Length != b.Data.Length)
        {
            throw new MeijuDataException(_model.SourcePath, $"Add of {a.Height}x{a.Width}x{a.Channels} and {b.Height}x{b.Width}x{b.Channels}");
        }

        var y = new float[a.Data.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = a.Data[i] + b.Data[i];
        }

        return a with { Data = y };
    }

    private static FeatureMap Relu(FeatureMap x) => x with { Data = x.Data.Select(v => v < 0 ? 0f : v).ToArray() };

    private TfjsNode CheckSpatialAxes(TfjsNode node)
    {
        var axes = node.Inputs.Count > 1 ? Const(node.Inputs[1]).Values : [];
        if (axes is not [1, 2])
        {
            throw new MeijuDataException(_model.SourcePath, $"node {node.Name}: only a mean over height and width (axes 1, 2) is supported");
        }

        return node;
    }

    private static FeatureMap GlobalMean(TfjsNode node, FeatureMap x)
    {
        _ = node;
        var c = x.Channels;
        var y = new float[c];
        var positions = x.Height * x.Width;
        for (var p = 0; p < positions; p++)
        {
            for (var j = 0; j < c; j++)
            {
                y[j] += x.Data[(p * c) + j];
            }
        }

        for (var j = 0; j < c; j++)
        {
            y[j] /= positions;
        }

        return new FeatureMap(1, 1, c, y);
    }

    private static FeatureMap Softmax(FeatureMap x)
    {
        var max = x.Data.Max();
        var e = x.Data.Select(v => MathF.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return x with { Data = e.Select(v => v / sum).ToArray() };
    }
}
