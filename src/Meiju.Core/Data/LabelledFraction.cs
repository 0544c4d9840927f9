using Meiju.IO;

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Meiju.Data;

/// <summary>
/// Simulates the low-resource track on a fully labelled dataset: keeps a seeded fraction of the training list
/// labelled and moves the rest into the unlabelled pool (<see cref="UnlabelledPool.ListFile"/>), whole dialogues
/// at a time when names carry a turn suffix (<c>...-t03</c>, as imported DailyDialog/MELD names do), so no
/// dialogue is split between the two.
/// </summary>
public static partial class LabelledFraction
{
    /// <summary>
    /// Writes <paramref name="outRoot"/>: <c>Training_files.txt</c> (the labelled part, lines as in the source),
    /// <c>NoAnnotation_files.txt</c> (the rest, names only), the source's validation list and
    /// <c>labelsets.json</c>, and <c>labelled-fraction.json</c> (what was done). Features stay where they are.
    /// </summary>
    /// <returns>Labelled and unlabelled utterance counts.</returns>
    /// <exception cref="MeijuDataException">No training list, or a fraction outside (0, 1).</exception>
    public static (int Labelled, int Unlabelled) Write(string sourceRoot, string outRoot, double fraction, long seed)
    {
        if (fraction is <= 0 or >= 1)
        {
            throw new MeijuDataException(sourceRoot, $"labelled fraction must be in (0, 1), got {fraction}");
        }

        var trainList = LabelListFile.Find(sourceRoot, MeijuSplit.Train)
            ?? throw new MeijuDataException(sourceRoot, "no training list to split");
        var lines = File.ReadLines(trainList).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        var groups = lines.GroupBy(l => Group(LabelListFile.StripExtension(l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0])))
            .Select(g => g.ToArray()).ToArray();

        // Seeded Fisher–Yates over dialogues; System.Random with a seed keeps its legacy, version-stable algorithm.
        var rng = new Random(unchecked((int)(seed ^ (seed >> 32))));
        for (var i = groups.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (groups[i], groups[j]) = (groups[j], groups[i]);
        }

        var target = (int)Math.Round(fraction * lines.Length);
        var labelled = new List<string>();
        var pool = new List<string>();
        foreach (var g in groups)
        {
            if (labelled.Count < target)
            {
                labelled.AddRange(g);
            }
            else
            {
                pool.AddRange(g.Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]));
            }
        }

        Directory.CreateDirectory(outRoot);
        AtomicFile.WriteAllLines(Path.Combine(outRoot, "Training_files.txt"), labelled);
        AtomicFile.WriteAllLines(Path.Combine(outRoot, UnlabelledPool.ListFile), pool);
        if (LabelListFile.Find(sourceRoot, MeijuSplit.Valid) is { } valid)
        {
            AtomicFile.WriteAllLines(Path.Combine(outRoot, "Validation_files.txt"), File.ReadLines(valid));
        }

        var sets = Path.Combine(sourceRoot, DatasetLabelSets.FileName);
        if (File.Exists(sets))
        {
            AtomicFile.WriteAllText(Path.Combine(outRoot, DatasetLabelSets.FileName), File.ReadAllText(sets));
        }

        AtomicFile.WriteAllText(Path.Combine(outRoot, "labelled-fraction.json"), JsonSerializer.Serialize(new
        {
            source = Path.GetFullPath(sourceRoot),
            fraction,
            seed,
            labelled = labelled.Count,
            unlabelled = pool.Count,
            dialogues = groups.Length,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return (labelled.Count, pool.Count);
    }

    /// <summary>The dialogue an utterance name belongs to: the name without a trailing <c>-t&lt;digits&gt;</c>.</summary>
    public static string Group(string name) => TurnSuffix().Replace(name, "");

    [GeneratedRegex(@"-t\d+$")]
    private static partial Regex TurnSuffix();
}
