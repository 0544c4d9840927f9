namespace Meiju.Synthetic;

/// <summary>
/// A small seeded generator (SplitMix64) whose output is fixed by this code alone, so synthetic data stays
/// byte-identical across .NET versions and platforms (<see cref="Random"/> documents no such promise). Streams
/// are derived from (seed, stream id), so each utterance has its own and generation order does not matter.
/// </summary>
public sealed class SyntheticRandom
{
    private ulong _state;
    private double? _spareGaussian;

    /// <summary>A generator for <paramref name="seed"/> and an independent <paramref name="stream"/> within it.</summary>
    public SyntheticRandom(long seed, ulong stream = 0)
    {
        _state = Mix((ulong)seed ^ Mix(stream + 0x9E3779B97F4A7C15UL));
    }

    /// <summary>A stream id built from parts (e.g. split, index, purpose), mixed so nearby ids do not correlate.</summary>
    public static ulong StreamId(params ulong[] parts)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var p in parts)
        {
            h = Mix(h ^ p);
        }

        return h;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="n"/>).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)(NextDouble() * n);
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>] (both inclusive).</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min + 1);

    /// <summary>Standard normal (Box–Muller, both values used).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }

        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public int NextCategorical(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var x = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="items"/> in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
