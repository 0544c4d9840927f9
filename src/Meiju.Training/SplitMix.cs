namespace Meiju.Training;

/// <summary>
/// SplitMix64, the seeded generator of samplers and augmentation: stable across .NET versions, unlike
/// System.Random's algorithm choice, and cheap to derive independent streams from (seed, stage, epoch, batch).
/// </summary>
public sealed class SplitMix
{
    private ulong _state;

    /// <summary>A generator whose stream is a pure function of <paramref name="keys"/>.</summary>
    public SplitMix(params long[] keys)
    {
        foreach (var k in keys)
        {
            _state = Mix(_state ^ Mix((ulong)k + 0x9E3779B97F4A7C15UL));
        }
    }

    /// <summary>The SplitMix64 finaliser.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="n"/>).</summary>
    public int Next(int n) => (int)(NextUInt64() % (ulong)n);

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        var u = 1.0 - NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * NextDouble());
    }

    /// <summary>Gamma(<paramref name="shape"/>, 1) by Marsaglia–Tsang (boosted for shapes below 1).</summary>
    public double NextGamma(double shape)
    {
        if (shape < 1)
        {
            return NextGamma(shape + 1) * Math.Pow(1.0 - NextDouble(), 1 / shape);
        }

        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextGaussian();
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = 1.0 - NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
            {
                return d * v;
            }
        }
    }

    /// <summary>Beta(<paramref name="a"/>, <paramref name="a"/>), mixup's mixing weight.</summary>
    public double NextBeta(double a)
    {
        var x = NextGamma(a);
        var y = NextGamma(a);
        return x / (x + y);
    }
}
