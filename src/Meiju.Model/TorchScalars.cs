using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// The only place Meiju makes TorchSharp <see cref="Scalar"/>s, so each one outlives every libtorch call that reads it.
/// </summary>
/// <remarks>
/// TorchSharp hands a Scalar's native handle to libtorch and keeps no reference to the managed object during the
/// call, so a temporary Scalar — what C# makes of <c>x - 1</c> or <c>masked_fill(m, double.NegativeInfinity)</c>,
/// and what TorchSharp itself makes for <c>a + b</c> (alpha 1) or <c>0.5 * t</c> — can be finalized by a garbage
/// collection that another thread starts while libtorch is still reading it. libtorch then stops with "Expected
/// false to be true … toFloat at c10/core/Scalar.h" (the intermittent <c>meiju evaluate</c> crash) or computes with
/// whatever the freed memory holds. Under a thread forcing collections, 300,000 <c>masked_fill</c> calls with a
/// temporary −∞ failed 107 and 111 times in two runs, and 0 times with a Scalar held here. A test reads the IL of
/// every product assembly and fails on any other Scalar made, or any TorchSharp member called that makes one.
/// </remarks>
public static class TorchScalars
{
    /// <summary>The integer 1 (alpha of a plain addition, a lower clamp of lengths).</summary>
    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>The integer 0.</summary>
    public static Scalar Zero { get; } = 0.ToScalar();

    /// <summary>−∞, the fill of masked attention scores and max-pooled padding.</summary>
    public static Scalar NegativeInfinity { get; } = double.NegativeInfinity.ToScalar();

    /// <summary>
    /// A Scalar its caller owns: dispose it after the calls that read it (<c>using var s = TorchScalars.Hold(x);</c>)
    /// or keep it in a field of the object that uses it. Never pass the result straight into a call.
    /// </summary>
    public static Scalar Hold(double value) => value.ToScalar();

    /// <inheritdoc cref="Hold(double)"/>
    public static Scalar Hold(long value) => value.ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/>, with an alpha that outlives the call.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><paramref name="value"/> · <paramref name="t"/> for a number known only at run time.</summary>
    public static Tensor Times(this Tensor t, double value)
    {
        using var s = Hold(value);
        return t.mul(s);
    }

    /// <summary><paramref name="value"/> − <paramref name="t"/>.</summary>
    public static Tensor SubtractedFrom(this Tensor t, double value)
    {
        using var s = Hold(value);
        return t.neg().add(s, One);
    }

    /// <summary><paramref name="t"/> raised to <paramref name="exponent"/>.</summary>
    public static Tensor Power(this Tensor t, double exponent)
    {
        using var s = Hold(exponent);
        return t.pow(s);
    }

    /// <summary>An int64 vector of <paramref name="count"/> copies of <paramref name="value"/> (lengths of equal rows).</summary>
    public static Tensor Filled(long count, long value, Device? device = null)
    {
        using var s = Hold(value);
        return full([count], s, ScalarType.Int64, device);
    }

    /// <summary>0, 1, …, <paramref name="steps"/> − 1 as int64 on <paramref name="device"/>.</summary>
    public static Tensor Range(long steps, Device device)
    {
        using var stop = Hold(steps);
        return arange(stop, ScalarType.Int64, device);
    }
}
