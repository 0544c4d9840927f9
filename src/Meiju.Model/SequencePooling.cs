using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>How a sequence encoder turns its [B, T, H] outputs into one [B, H] vector.</summary>
public enum SequencePooling
{
    /// <summary>Maximum over time (the baseline).</summary>
    Max,

    /// <summary>The output at the last (valid) step.</summary>
    Last,

    /// <summary>Mean over (valid) steps.</summary>
    Mean,
}

/// <summary>Masks for zero-padded batches.</summary>
public static class PaddingMask
{
    /// <summary>[B, T] bool, true where step t &lt; length of sample b.</summary>
    public static Tensor Valid(Tensor lengths, long steps) =>
        TorchScalars.Range(steps, lengths.device).unsqueeze(0) < lengths.to(ScalarType.Int64).unsqueeze(1);

    /// <summary>Parses a pooling name from a configuration.</summary>
    public static SequencePooling ParsePooling(string name) => name.ToLowerInvariant() switch
    {
        "max" or "maxpool" => SequencePooling.Max,
        "last" => SequencePooling.Last,
        "mean" => SequencePooling.Mean,
        _ => throw new ArgumentException($"unknown pooling '{name}' (expected max, last or mean)"),
    };
}
