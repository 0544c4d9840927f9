using System.Collections.Frozen;

namespace Meiju.Labels;

/// <summary>
/// An ordered label vocabulary: class index i is <see cref="Classes"/>[i]. The order is part of a model's contract
/// (logit i means class i), so it is never sorted or inferred from data.
/// </summary>
public sealed class LabelSet
{
    private readonly FrozenDictionary<string, int> _index;

    /// <summary>Creates a label set; names are matched case-insensitively and must be unique.</summary>
    public LabelSet(string name, IReadOnlyList<string> classes, IReadOnlyDictionary<string, string>? aliases = null, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (classes.Count == 0)
        {
            throw new ArgumentException($"label set '{name}' has no classes", nameof(classes));
        }

        Name = name;
        Description = description ?? string.Empty;
        Classes = classes.ToArray();
        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Classes.Count; i++)
        {
            if (!map.TryAdd(Classes[i], i))
            {
                throw new ArgumentException($"label set '{name}' lists '{Classes[i]}' twice", nameof(classes));
            }
        }

        if (aliases is not null)
        {
            foreach (var (alias, target) in aliases)
            {
                if (!map.TryGetValue(target, out var t))
                {
                    throw new ArgumentException($"label set '{name}': alias '{alias}' points to unknown class '{target}'", nameof(aliases));
                }

                map.TryAdd(alias, t);
            }
        }

        Aliases = aliases ?? new Dictionary<string, string>();
        _index = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The set's name, e.g. <c>meiju-emotion</c>.</summary>
    public string Name { get; }

    /// <summary>Where the classes come from and how they map (may be empty).</summary>
    public string Description { get; }

    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Other spellings accepted when reading labels (e.g. <c>joy</c> → <c>happy</c>).</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; }

    /// <summary>Number of classes.</summary>
    public int Count => Classes.Count;

    /// <summary>Index of <paramref name="label"/> (or one of its aliases), or -1 when unknown.</summary>
    public int IndexOf(string label) => _index.TryGetValue(label.Trim(), out var i) ? i : -1;

    /// <summary>True when <paramref name="label"/> names a class or an alias.</summary>
    public bool Contains(string label) => IndexOf(label) >= 0;

    /// <summary>Name of class <paramref name="index"/>.</summary>
    public string this[int index] => Classes[index];

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({string.Join(", ", Classes)})";
}
