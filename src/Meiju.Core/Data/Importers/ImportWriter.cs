using System.Text.Json;
using Meiju.IO;
using Meiju.Labels;

namespace Meiju.Data.Importers;

/// <summary>Writes imported splits in the MEIJU layout: label lists, transcription CSVs, <c>labelsets.json</c>, <c>import.json</c>.</summary>
public static class ImportWriter
{
    /// <summary>The summary file written beside the label lists.</summary>
    public const string SummaryFile = "import.json";

    /// <summary>
    /// The splits to import: train and valid always (a missing one is the reader's error), test when its file or
    /// folder is there (the field's test splits are often held back).
    /// </summary>
    public static IEnumerable<MeijuSplit> Present(IReadOnlyDictionary<MeijuSplit, string> sources, string source) =>
        sources.Where(kv => kv.Key != MeijuSplit.Test || Path.Exists(Path.Combine(source, kv.Value))).Select(kv => kv.Key);

    /// <summary>
    /// Applies the training subsample of <paramref name="options"/>, then writes every split and the summary.
    /// </summary>
    public static ImportReport Write(
        string dataset, string outDir, IReadOnlyDictionary<MeijuSplit, IReadOnlyList<ImportedUtterance>> splits,
        LabelSet emotion, LabelSet intent, ImportOptions options, IReadOnlyList<SkippedRecord> skipped, string source)
    {
        Directory.CreateDirectory(outDir);
        var counts = new Dictionary<MeijuSplit, int>();
        var sourceCounts = new Dictionary<MeijuSplit, int>();
        foreach (var (split, all) in splits.OrderBy(kv => kv.Key))
        {
            sourceCounts[split] = all.Count;
            var items = split == MeijuSplit.Train && options.MaxTrainDialogues is { } max ? SubsampleDialogues(all, max, options.Seed) : all;
            counts[split] = items.Count;
            var lists = LabelListFile.FileNames(split)[0];
            AtomicFile.WriteAllLines(Path.Combine(outDir, lists),
                items.Select(u => $"{u.Name}.mp4 {LabelListFile.Token(emotion, u.Emotion)} {LabelListFile.Token(intent, u.Intent)}"));
            TranscriptionCsv.Write(Path.Combine(outDir, TranscriptionCsv.FileNames(split)[0]),
                items.Select(u => new TranscriptionRow(u.Name, u.Sentence, u.Emotion, u.Intent)), emotion, intent);
        }

        DatasetLabelSets.Write(outDir, emotion, intent);
        var report = new ImportReport(dataset, outDir, counts, sourceCounts, skipped);
        var summary = new
        {
            dataset,
            source = Path.GetFullPath(source),
            emotionLabels = emotion.Name,
            intentLabels = intent.Name,
            subsample = options.MaxTrainDialogues is { } m ? new { trainDialogues = m, seed = options.Seed } : null,
            counts = counts.ToDictionary(kv => kv.Key.ToString().ToLowerInvariant(), kv => kv.Value),
            sourceCounts = sourceCounts.ToDictionary(kv => kv.Key.ToString().ToLowerInvariant(), kv => kv.Value),
            skipped = skipped.Select(s => new { path = s.Path, line = s.Line, reason = s.Reason }),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, SummaryFile),
            JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return report;
    }

    /// <summary>
    /// Keeps the utterances of <paramref name="maxDialogues"/> dialogues chosen by a seeded shuffle, in their
    /// original order. Deterministic for a seed on every platform (own generator, not <see cref="Random"/>'s
    /// unspecified algorithm).
    /// </summary>
    public static IReadOnlyList<ImportedUtterance> SubsampleDialogues(IReadOnlyList<ImportedUtterance> items, int maxDialogues, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDialogues, 1);
        var dialogues = items.Select(u => u.Dialogue).Distinct().ToArray();
        if (dialogues.Length <= maxDialogues)
        {
            return items;
        }

        // Fisher-Yates with SplitMix64: the same seed gives the same subsample everywhere.
        var state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);
        for (var i = dialogues.Length - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (dialogues[i], dialogues[j]) = (dialogues[j], dialogues[i]);
        }

        var keep = dialogues.Take(maxDialogues).ToHashSet(StringComparer.Ordinal);
        return [.. items.Where(u => keep.Contains(u.Dialogue))];
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
