using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Meiju.Features.Models;

/// <summary>
/// Compares a manifest entry with the graph ONNX Runtime loaded, before anything runs: input roles and names, the
/// element types Meiju feeds and reads, inputs the entry leaves unfed, outputs, and the fixed dimensions that must
/// agree with <c>outputDim</c> and the image size. Each mismatch is one line naming the field to fix.
/// </summary>
internal static class ModelSignatureCheck
{
    /// <summary>The input roles of each kind and the element type Meiju feeds each.</summary>
    public static IReadOnlyDictionary<string, TensorElementType> Roles(ModelKind kind) => kind switch
    {
        ModelKind.Image => new Dictionary<string, TensorElementType> { ["pixels"] = TensorElementType.Float },
        ModelKind.Audio => new Dictionary<string, TensorElementType>
        {
            ["waveform"] = TensorElementType.Float, ["attention_mask"] = TensorElementType.Int64,
        },
        _ => new Dictionary<string, TensorElementType>
        {
            ["input_ids"] = TensorElementType.Int64, ["attention_mask"] = TensorElementType.Int64, ["token_type_ids"] = TensorElementType.Int64,
        },
    };

    /// <summary>Describes a graph tensor for people: name, element type, shape with symbolic names.</summary>
    public static TensorSummary Summarize(string name, NodeMetadata meta)
    {
        var shape = meta.Dimensions.Select((d, i) => d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : i < meta.SymbolicDimensions.Length && meta.SymbolicDimensions[i].Length > 0 ? meta.SymbolicDimensions[i] : "?").ToArray();
        return new TensorSummary(name, TypeName(meta.ElementDataType), shape);
    }

    /// <summary>The first mismatch between <paramref name="entry"/> and its graph(s), or null.</summary>
    public static string? Find(ManifestEntry entry, InferenceSession session, InferenceSession? preprocess)
    {
        var where = $"model '{entry.Name}'";
        return Inputs(entry, session, preprocess, where) ?? Outputs(entry, session, where) ?? Sizes(entry, session, preprocess, where);
    }

    private static string? Inputs(ManifestEntry entry, InferenceSession session, InferenceSession? preprocess, string where)
    {
        var roles = Roles(entry.Kind);
        var kind = entry.Kind.ToString().ToLowerInvariant();
        foreach (var (role, name) in entry.Inputs)
        {
            if (!roles.TryGetValue(role, out var fed))
            {
                return $"{where}: 'inputs.{role}' is not an input role of {kind} models (roles: {string.Join(", ", roles.Keys)})";
            }

            // With a preprocessing model the raw pixels go to it; its output feeds the main model's pixels input.
            if (!session.InputMetadata.TryGetValue(name, out var meta))
            {
                return $"{where}: 'inputs.{role}' is '{name}', but the model's inputs are: {string.Join(", ", session.InputMetadata.Keys)}";
            }

            if (meta.ElementDataType != fed)
            {
                return $"{where}: 'inputs.{role}': the model's input '{name}' is {TypeName(meta.ElementDataType)}, but Meiju feeds {TypeName(fed)}; re-export it with {TypeName(fed)} input";
            }
        }

        var unfed = session.InputMetadata.Keys.FirstOrDefault(n => !entry.Inputs.ContainsValue(n));
        if (unfed is not null)
        {
            return $"{where}: 'inputs' does not feed the model's input '{unfed}'; name it under one of the roles {string.Join(", ", roles.Keys)}, or re-export without it";
        }

        if (entry.PreprocessModel is { } pre && preprocess is not null)
        {
            if (!preprocess.InputMetadata.TryGetValue(pre.Input, out var raw))
            {
                return $"{where}: 'preprocessModel.input' is '{pre.Input}', but that model's inputs are: {string.Join(", ", preprocess.InputMetadata.Keys)}";
            }

            if (raw.ElementDataType != TensorElementType.Float)
            {
                return $"{where}: 'preprocessModel.input': '{pre.Input}' is {TypeName(raw.ElementDataType)}, but Meiju feeds float32";
            }

            if (!preprocess.OutputMetadata.ContainsKey(pre.Output))
            {
                return $"{where}: 'preprocessModel.output' is '{pre.Output}', but that model's outputs are: {string.Join(", ", preprocess.OutputMetadata.Keys)}";
            }
        }

        return null;
    }

    private static string? Outputs(ManifestEntry entry, InferenceSession session, string where)
    {
        var field = entry.Outputs is null ? "output" : "outputs";
        foreach (var name in entry.OutputNames)
        {
            if (!session.OutputMetadata.TryGetValue(name, out var meta))
            {
                return $"{where}: '{field}' names '{name}', but the model's outputs are: {string.Join(", ", session.OutputMetadata.Keys)}";
            }

            if (meta.ElementDataType != TensorElementType.Float)
            {
                return $"{where}: '{field}': the model's output '{name}' is {TypeName(meta.ElementDataType)}, but Meiju reads float32; re-export it as float32";
            }

            // A graph that declares no output shape (rank 0 here) is left to the probe run.
            var dims = meta.Dimensions;
            if (dims.Length == 0)
            {
                continue;
            }

            if (dims.Length is < 2 or > 4)
            {
                return $"{where}: '{field}': output '{name}' has rank {dims.Length}; Meiju reads [batch, D], [batch, T, D] or [batch, D, H, W]";
            }

            var fixedWidths = dims.Length == 4 ? new[] { dims[1], dims[3] } : [dims[^1]];
            if (fixedWidths.All(d => d > 0) && !fixedWidths.Contains(entry.OutputDim))
            {
                var shape = string.Join(",", Summarize(name, meta).Shape);
                return $"{where}: 'outputDim' is {entry.OutputDim}, but output '{name}' is [{shape}] (D = {fixedWidths[0]})";
            }
        }

        return null;
    }

    private static string? Sizes(ManifestEntry entry, InferenceSession session, InferenceSession? preprocess, string where)
    {
        if (entry.Kind == ModelKind.Audio)
        {
            var wave = session.InputMetadata[entry.Inputs["waveform"]];
            return wave.Dimensions.Length is 0 or 2 ? null
                : $"{where}: 'inputs.waveform': the model's input '{entry.Inputs["waveform"]}' has rank {wave.Dimensions.Length}; Meiju feeds [1, samples]";
        }

        if (entry.Kind != ModelKind.Image)
        {
            return null;
        }

        var image = entry.Image ?? new ImageSettings();
        var (name, meta) = entry.PreprocessModel is { } pre && preprocess is not null
            ? (pre.Input, preprocess.InputMetadata[pre.Input])
            : (entry.Inputs["pixels"], session.InputMetadata[entry.Inputs["pixels"]]);
        var dims = meta.Dimensions;
        var nhwc = image.Layout.Equals("nhwc", StringComparison.OrdinalIgnoreCase);
        var layout = nhwc ? "nhwc" : "nchw";
        if (dims.Length == 0)
        {
            return null;
        }

        if (dims.Length != 4)
        {
            return $"{where}: 'inputs.pixels': '{name}' has rank {dims.Length}; Meiju feeds [batch, channels, height, width] ('image.layout' nchw) or nhwc";
        }

        var (c, h, w) = nhwc ? (dims[3], dims[1], dims[2]) : (dims[1], dims[2], dims[3]);
        var channels = image.ChannelOrder.Equals("gray", StringComparison.OrdinalIgnoreCase) ? 1 : 3;
        var shape = string.Join(",", Summarize(name, meta).Shape);
        if (c > 0 && c != channels)
        {
            return $"{where}: 'image.channelOrder' '{image.ChannelOrder}' gives {channels} channels, but '{name}' is [{shape}] ({layout}: {c} channels; check 'image.layout' too)";
        }

        if (h > 0 && h != image.Height)
        {
            return $"{where}: 'image.height' is {image.Height}, but '{name}' is [{shape}] ({layout})";
        }

        return w > 0 && w != image.Width ? $"{where}: 'image.width' is {image.Width}, but '{name}' is [{shape}] ({layout})" : null;
    }

    private static string TypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Double => "float64",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        TensorElementType.BFloat16 => "bfloat16",
        _ => type.ToString().ToLowerInvariant(),
    };
}
