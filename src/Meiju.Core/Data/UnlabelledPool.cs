namespace Meiju.Data;

/// <summary>
/// The unlabelled utterances of a dataset for semi-supervised training: MEIJU Track 1's <c>NoAnnotation/</c>
/// folder of clips, or a names-only list <c>NoAnnotation_files.txt</c> (what <see cref="LabelledFraction"/>
/// writes, and the form to use once features are extracted).
/// </summary>
public static class UnlabelledPool
{
    /// <summary>The names-only list file in the dataset root.</summary>
    public const string ListFile = "NoAnnotation_files.txt";

    /// <summary>The official folder of unlabelled clips.</summary>
    public const string Folder = "NoAnnotation";

    private static readonly string[] MediaExtensions = [".mp4", ".avi", ".mkv", ".flv", ".wav", ".npy"];

    /// <summary>
    /// The pool's utterance names (list file first, else the clips of the folder, sorted ordinally), or null when
    /// the dataset has neither.
    /// </summary>
    /// <exception cref="MeijuDataException">The list names an utterance twice.</exception>
    public static IReadOnlyList<string>? Find(string root)
    {
        var list = Path.Combine(root, ListFile);
        if (File.Exists(list))
        {
            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var lineNo = 0;
            foreach (var raw in File.ReadLines(list))
            {
                lineNo++;
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var name = LabelListFile.StripExtension(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]);
                if (!seen.Add(name))
                {
                    throw new MeijuDataException(list, $"utterance '{name}' is listed twice", lineNo);
                }

                names.Add(name);
            }

            return names;
        }

        var folder = Path.Combine(root, Folder);
        if (Directory.Exists(folder))
        {
            return [.. Directory.EnumerateFiles(folder)
                .Where(f => MediaExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Select(f => Path.GetFileNameWithoutExtension(f))
                .Order(StringComparer.Ordinal)];
        }

        return null;
    }
}
