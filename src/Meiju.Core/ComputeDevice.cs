using System.Globalization;

namespace Meiju;

/// <summary>Where numbers are computed: the CPU, or one CUDA GPU (<c>cuda</c> is GPU 0, <c>cuda:1</c> the second).</summary>
/// <param name="IsCuda">True for a CUDA GPU.</param>
/// <param name="Index">The GPU's index (0 for the CPU).</param>
public sealed record ComputeDevice(bool IsCuda, int Index)
{
    /// <summary>The CPU.</summary>
    public static ComputeDevice Cpu { get; } = new(false, 0);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (any case).</summary>
    /// <exception cref="ArgumentException">Anything else.</exception>
    public static ComputeDevice Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "cpu")
        {
            return Cpu;
        }

        if (t == "cuda")
        {
            return new ComputeDevice(true, 0);
        }

        return t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? new ComputeDevice(true, index)
            : throw new ArgumentException($"device '{text}' is not cpu, cuda or cuda:N");
    }

    /// <inheritdoc />
    public override string ToString() => IsCuda ? string.Create(CultureInfo.InvariantCulture, $"cuda:{Index}") : "cpu";
}
