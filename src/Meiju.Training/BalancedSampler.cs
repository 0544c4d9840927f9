namespace Meiju.Training;

/// <summary>
/// Class-balanced epochs: each of the epoch's draws picks a class uniformly among the classes present, then an
/// utterance of that class uniformly, with replacement. Like <see cref="EpochOrder"/>, a pure function of
/// (seed, stage, epoch), so a resumed run replays the same batches.
/// </summary>
public static class BalancedSampler
{
    /// <summary>
    /// <paramref name="draws"/> utterance indices (0-based into <paramref name="labels"/>) for one epoch.
    /// Utterances with a negative label are never drawn.
    /// </summary>
    /// <exception cref="ArgumentException">No utterance is labelled.</exception>
    public static int[] Epoch(long seed, int stage, int epoch, IReadOnlyList<int> labels, int draws)
    {
        var byClass = labels.Select((label, index) => (label, index)).Where(p => p.label >= 0)
            .GroupBy(p => p.label).OrderBy(g => g.Key).Select(g => g.Select(p => p.index).ToArray()).ToArray();
        if (byClass.Length == 0)
        {
            throw new ArgumentException("no labelled utterance to sample from", nameof(labels));
        }

        // A different stream from EpochOrder's for the same (seed, stage, epoch): the constant differs.
        var state = SplitMix.Mix((ulong)seed ^ SplitMix.Mix(((ulong)stage << 32) + (ulong)epoch + 0xBA1A4CEDUL));
        var result = new int[draws];
        for (var k = 0; k < draws; k++)
        {
            state = SplitMix.Mix(state + 0x9E3779B97F4A7C15UL);
            var members = byClass[(int)(state % (ulong)byClass.Length)];
            state = SplitMix.Mix(state + 0x9E3779B97F4A7C15UL);
            result[k] = members[(int)(state % (ulong)members.Length)];
        }

        return result;
    }
}
