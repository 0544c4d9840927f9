namespace Meiju.Training;

/// <summary>
/// Deterministic shuffling: the order of an epoch is a pure function of (seed, stage, epoch), so a resumed run
/// replays exactly the batches an uninterrupted one would, with no generator state to save.
/// </summary>
public static class EpochOrder
{
    /// <summary>A permutation of 0..<paramref name="count"/>-1 for the given seed, stage and epoch.</summary>
    public static int[] Permutation(long seed, int stage, int epoch, int count)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var state = Mix((ulong)seed ^ Mix((ulong)stage * 0x9E3779B97F4A7C15UL + (ulong)epoch + 1));
        for (var i = count - 1; i > 0; i--)
        {
            state = Mix(state + 0x9E3779B97F4A7C15UL);
            var j = (int)(state % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>Splits <paramref name="order"/> into batches of <paramref name="batchSize"/> (the last may be short).</summary>
    public static IEnumerable<int[]> Batches(int[] order, int batchSize)
    {
        for (var start = 0; start < order.Length; start += batchSize)
        {
            yield return order[start..Math.Min(order.Length, start + batchSize)];
        }
    }

    /// <summary>
    /// Length-bucketed batches: <paramref name="order"/> (already a seeded permutation) is cut into pools of
    /// <paramref name="poolBatches"/> batches, each pool sorted by <paramref name="lengths"/> (stable) and cut into
    /// batches, and the batches' order is shuffled with <paramref name="seed"/>, so every epoch still differs.
    /// </summary>
    public static IReadOnlyList<int[]> BucketedBatches(int[] order, IReadOnlyList<int> lengths, int batchSize, long seed, int poolBatches = 50)
    {
        var batches = new List<int[]>();
        var pool = batchSize * poolBatches;
        for (var start = 0; start < order.Length; start += pool)
        {
            var sorted = order[start..Math.Min(order.Length, start + pool)].OrderBy(i => lengths[i]).ToArray();
            batches.AddRange(Batches(sorted, batchSize));
        }

        var shuffle = Permutation(seed, 1_000_003, batches.Count, batches.Count);
        return [.. shuffle.Select(i => batches[i])];
    }

    // SplitMix64 finaliser: stable across .NET versions, unlike System.Random's algorithm choice.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
