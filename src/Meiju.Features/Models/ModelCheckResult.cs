namespace Meiju.Features.Models;

/// <summary>One graph input or output as ONNX Runtime declares it: name, element type and shape.</summary>
/// <param name="Name">The tensor's name in the graph.</param>
/// <param name="Type">Element type (float32, int64, ...).</param>
/// <param name="Shape">Dimensions; symbolic ones by name (batch, samples...), unnamed dynamic ones as ?.</param>
public sealed record TensorSummary(string Name, string Type, IReadOnlyList<string> Shape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} {Type}[{string.Join(",", Shape)}]";
}

/// <summary>What <see cref="ModelCheck"/> found for one manifest entry.</summary>
/// <param name="Name">The entry's name.</param>
/// <param name="Kind">Image, audio or text.</param>
public sealed record ModelCheckResult(string Name, ModelKind Kind)
{
    /// <summary>The graph's inputs (empty when the file could not be loaded).</summary>
    public IReadOnlyList<TensorSummary> Inputs { get; init; } = [];

    /// <summary>The graph's outputs, the ones the entry reads first (see <see cref="OutputsRead"/>).</summary>
    public IReadOnlyList<TensorSummary> Outputs { get; init; } = [];

    /// <summary>How many of <see cref="Outputs"/> (the first ones) the entry reads.</summary>
    public int OutputsRead { get; init; }

    /// <summary>The entry's D (<c>outputDim</c>).</summary>
    public int Dimension { get; init; }

    /// <summary>What one probe call fed the extractor, e.g. "1 frame 640x360" or "1 s of audio".</summary>
    public string Probe { get; init; } = "";

    /// <summary>Shape [T, D] of the features the probe produced.</summary>
    public IReadOnlyList<int> FeatureShape { get; init; } = [];

    /// <summary>Median wall time of one probe call through the extractor, in milliseconds.</summary>
    public double MillisecondsPerCall { get; init; } = double.NaN;

    /// <summary>
    /// Milliseconds per unit of input: per frame (image), per second of audio (audio), per call (text).
    /// </summary>
    public double MillisecondsPerUnit { get; init; } = double.NaN;

    /// <summary>The unit of <see cref="MillisecondsPerUnit"/>: <c>frame</c>, <c>audio s</c> or <c>call</c>.</summary>
    public string Unit { get; init; } = "";

    /// <summary>
    /// Null when the entry works; otherwise one line naming the entry and the field to fix, e.g.
    /// <c>model 'resnet50': 'output' is 'feats', but the model's outputs are: features</c>.
    /// </summary>
    public string? Problem { get; init; }

    /// <summary>Whether the entry loaded, matched its model and ran the probe.</summary>
    public bool Ok => Problem is null;
}
