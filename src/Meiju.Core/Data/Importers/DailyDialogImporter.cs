using System.Globalization;
using Meiju.Labels;

namespace Meiju.Data.Importers;

/// <summary>
/// Imports DailyDialog (<c>train/</c>, <c>validation/</c>: <c>dialogues_&lt;split&gt;.txt</c> with <c>__eou__</c>
/// between utterances, and aligned <c>dialogues_emotion_</c>/<c>dialogues_act_</c> files of integer codes) with its
/// own label sets: emotion <c>dailydialog-emotion</c> (7, 'no emotion' as neutral), intent <c>dailydialog-act</c> (4).
/// </summary>
/// <remarks>
/// Names are <c>dd-&lt;split&gt;-d&lt;dialogue 5 digits&gt;-t&lt;turn 2 digits&gt;</c>, 0-based from the line and
/// utterance position, so they stay the same across imports. A dialogue whose utterance count differs from its
/// label counts (one in train upstream) is skipped whole and reported.
/// </remarks>
public static class DailyDialogImporter
{
    private const string Separator = "__eou__";

    /// <summary>The source folders of each split.</summary>
    public static IReadOnlyDictionary<MeijuSplit, string> SplitFolders { get; } =
        new Dictionary<MeijuSplit, string> { [MeijuSplit.Train] = "train", [MeijuSplit.Valid] = "validation", [MeijuSplit.Test] = "test" };

    /// <summary>Reads one split; bad dialogues go to <paramref name="skipped"/>.</summary>
    /// <exception cref="MeijuDataException">A file is missing, files differ in line count, or a code is unknown.</exception>
    public static IReadOnlyList<ImportedUtterance> Read(string source, MeijuSplit split, List<SkippedRecord> skipped)
    {
        var folder = SplitFolders[split];
        var text = Path.Combine(source, folder, $"dialogues_{folder}.txt");
        var emoPath = Path.Combine(source, folder, $"dialogues_emotion_{folder}.txt");
        var actPath = Path.Combine(source, folder, $"dialogues_act_{folder}.txt");
        var lines = ReadLines(text);
        var emoLines = ReadLines(emoPath);
        var actLines = ReadLines(actPath);
        if (emoLines.Length != lines.Length || actLines.Length != lines.Length)
        {
            throw new MeijuDataException(text, $"{lines.Length} dialogues but {emoLines.Length} emotion lines and {actLines.Length} act lines");
        }

        var emotion = LabelSetCatalog.Get("dailydialog-emotion");
        var act = LabelSetCatalog.Get("dailydialog-act");
        var result = new List<ImportedUtterance>();
        for (var d = 0; d < lines.Length; d++)
        {
            var utterances = lines[d].Split(Separator).Select(u => u.Trim()).ToList();
            if (utterances.Count > 0 && utterances[^1].Length == 0)
            {
                utterances.RemoveAt(utterances.Count - 1);
            }

            var emo = Codes(emoLines[d], emotion, emoPath, d + 1);
            var acts = Codes(actLines[d], act, actPath, d + 1);
            if (emo.Length != utterances.Count || acts.Length != utterances.Count)
            {
                skipped.Add(new SkippedRecord(text, d + 1,
                    $"dialogue has {utterances.Count} utterances but {emo.Length} emotion and {acts.Length} act labels"));
                continue;
            }

            var dialogue = string.Create(CultureInfo.InvariantCulture, $"dd-{folder}-d{d:D5}");
            for (var t = 0; t < utterances.Count; t++)
            {
                result.Add(new ImportedUtterance(string.Create(CultureInfo.InvariantCulture, $"{dialogue}-t{t:D2}"), utterances[t], emo[t], acts[t], dialogue));
            }
        }

        return result;
    }

    /// <summary>Imports train and validation, and test when the source has it, into <paramref name="outDir"/>.</summary>
    public static ImportReport Import(string source, string outDir, ImportOptions? options = null)
    {
        var skipped = new List<SkippedRecord>();
        var splits = ImportWriter.Present(SplitFolders, source).ToDictionary(s => s, s => Read(source, s, skipped));
        return ImportWriter.Write("dailydialog", outDir, splits, LabelSetCatalog.Get("dailydialog-emotion"), LabelSetCatalog.Get("dailydialog-act"),
            options ?? new ImportOptions(), skipped, source);
    }

    private static string[] ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "DailyDialog file not found");
        }

        var lines = File.ReadAllLines(path);
        var n = lines.Length;
        while (n > 0 && lines[n - 1].Trim().Length == 0)
        {
            n--;
        }

        return lines[..n];
    }

    private static int[] Codes(string line, LabelSet set, string path, int lineNo)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var codes = new int[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            codes[i] = set.IndexOf(fields[i]);
            if (codes[i] < 0)
            {
                throw new MeijuDataException(path, $"unknown {set.Name} code '{fields[i]}'", lineNo);
            }
        }

        return codes;
    }
}
