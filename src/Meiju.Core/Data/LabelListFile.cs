using Meiju.Labels;

namespace Meiju.Data;

/// <summary>
/// Reads MEIJU label lists: one utterance per line, <c>&lt;name&gt;[.mp4] &lt;emotion&gt; &lt;intent&gt;</c>
/// (test lists carry the name only). Both the official file names (<c>Training_files.txt</c>) and the common
/// third-party ones (<c>train_filelist.txt</c>) are recognised.
/// </summary>
public static class LabelListFile
{
    private static readonly string[] MediaExtensions = [".mp4", ".avi", ".mkv", ".flv", ".wav", ".npy"];

    /// <summary>Candidate file names of each split, official first.</summary>
    public static IReadOnlyList<string> FileNames(MeijuSplit split) => split switch
    {
        MeijuSplit.Train => ["Training_files.txt", "train_filelist.txt", "train.txt"],
        MeijuSplit.Valid => ["Validation_files.txt", "valid_filelist.txt", "val_filelist.txt", "dev_filelist.txt", "valid.txt"],
        _ => ["Testing_files.txt", "test_filelist.txt", "test.txt"],
    };

    /// <summary>Finds the label list of <paramref name="split"/> in <paramref name="root"/>, or null when absent.</summary>
    public static string? Find(string root, MeijuSplit split)
    {
        foreach (var name in FileNames(split))
        {
            var path = Path.Combine(root, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a label list. Blank lines are skipped; a line with a name only is unlabelled (-1, -1).
    /// </summary>
    /// <exception cref="MeijuDataException">Unknown label, wrong field count, duplicate name, or an empty file.</exception>
    public static IReadOnlyList<LabelledUtterance> Read(string path, LabelSet emotion, LabelSet intent)
    {
        var (items, problems) = ReadAll(path, emotion, intent);
        return problems.Count > 0 ? throw problems[0].ToException() : items;
    }

    /// <summary>
    /// Reads a label list without stopping at the first bad line: every good line is returned, and every bad one
    /// (unknown label, wrong field count, duplicate) is reported with its line number. A missing or empty file is
    /// one problem and no utterances.
    /// </summary>
    public static (IReadOnlyList<LabelledUtterance> Utterances, IReadOnlyList<DataProblem> Problems) ReadAll(
        string path, LabelSet emotion, LabelSet intent)
    {
        var result = new List<LabelledUtterance>();
        var problems = new List<DataProblem>();
        if (!File.Exists(path))
        {
            problems.Add(new DataProblem(path, "label list not found"));
            return (result, problems);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var name = StripExtension(fields[0]);
            if (!seen.Add(name))
            {
                problems.Add(new DataProblem(path, $"utterance '{name}' is listed twice", lineNo));
                continue;
            }

            switch (fields.Length)
            {
                case 1:
                    result.Add(new LabelledUtterance(name, -1, -1, lineNo));
                    break;
                case 3:
                    var e = emotion.IndexOf(fields[1]);
                    var i = intent.IndexOf(fields[2]);
                    if (e < 0)
                    {
                        problems.Add(new DataProblem(path, $"unknown emotion label '{fields[1]}' (expected one of: {string.Join(", ", emotion.Classes)})", lineNo));
                    }

                    if (i < 0)
                    {
                        problems.Add(new DataProblem(path, $"unknown intent label '{fields[2]}' (expected one of: {string.Join(", ", intent.Classes)})", lineNo));
                    }

                    if (e >= 0 && i >= 0)
                    {
                        result.Add(new LabelledUtterance(name, e, i, lineNo));
                    }

                    break;
                default:
                    problems.Add(new DataProblem(path, $"expected '<name> <emotion> <intent>' or '<name>', found {fields.Length} fields", lineNo));
                    break;
            }
        }

        if (result.Count == 0 && problems.Count == 0)
        {
            problems.Add(new DataProblem(path, "label list is empty"));
        }

        return (result, problems);
    }

    /// <summary>Writes a label list in the official format (<c>&lt;name&gt;.mp4 &lt;emotion&gt; &lt;intent&gt;</c>).</summary>
    public static void Write(string path, IEnumerable<LabelledUtterance> items, LabelSet emotion, LabelSet intent)
    {
        var lines = items.Select(u => u.IsLabelled
            ? $"{u.Name}.mp4 {Token(emotion, u.Emotion)} {Token(intent, u.Intent)}"
            : $"{u.Name}.mp4");
        AtomicFile.WriteAllLines(path, lines);
    }

    /// <summary>
    /// A class name as one whitespace-free field: lists split on whitespace, so "Ask for help" is written
    /// "Ask_for_help", which the label set must accept back as an alias.
    /// </summary>
    /// <exception cref="InvalidOperationException">The class has spaces and the set has no such alias.</exception>
    public static string Token(LabelSet set, int index)
    {
        var token = set[index].Replace(' ', '_');
        return set.IndexOf(token) == index
            ? token
            : throw new InvalidOperationException($"label set '{set.Name}': class '{set[index]}' has spaces and no alias '{token}' to write it in a label list");
    }

    /// <summary>Drops a media or feature extension (<c>.mp4</c>, <c>.npy</c>, ...) from an utterance name.</summary>
    public static string StripExtension(string name)
    {
        foreach (var ext in MediaExtensions)
        {
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
            {
                return name[..^ext.Length];
            }
        }

        return name;
    }
}
