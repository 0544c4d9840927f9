using System.Globalization;
using System.Text;

namespace Meiju.Features.Extraction;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (0-based, as Slurm's <c>SLURM_ARRAY_TASK_ID</c> and Kubernetes'
/// <c>JOB_COMPLETION_INDEX</c> are). An item belongs to the shard its name hashes to, so shards need no coordination
/// and an item's shard never depends on the rest of the corpus.
/// </summary>
/// <param name="Index">This shard, 0 ≤ Index &lt; Count.</param>
/// <param name="Count">Number of shards.</param>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>Parses <c>i/n</c>.</summary>
    /// <exception cref="ArgumentException">Not of the form i/n with 0 ≤ i &lt; n.</exception>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n <= 0 || i >= n)
        {
            throw new ArgumentException($"--shard must be i/n with 0 <= i < n (0-based), got '{text}'");
        }

        return new ShardSpec(i, n);
    }

    /// <summary>True when the item called <paramref name="name"/> belongs to this shard.</summary>
    public bool Contains(string name) => (int)(StableHash(name) % (ulong)Count) == Index;

    /// <summary>64-bit FNV-1a of the UTF-8 name: identical on every machine, runtime and process (unlike string.GetHashCode).</summary>
    public static ulong StableHash(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
