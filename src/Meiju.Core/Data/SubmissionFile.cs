using Meiju.Labels;

namespace Meiju.Data;

/// <summary>
/// Reads and writes predictions in the challenge submission format: a CSV with columns
/// <c>filename, emo_pred, int_pred</c> and string labels (<c>Track2_Validation_00001.mp4,neutral,questioning</c>).
/// </summary>
/// <remarks>
/// Reading is lenient where submissions in the wild differ and strict where a mistake would change a score: the
/// header is optional (columns are then taken in that order), a leading pandas index column is ignored, names may
/// carry a media extension or not, fields may be quoted; but an unknown label, a repeated utterance or a short row
/// is an error naming the file and line.
/// </remarks>
public static class SubmissionFile
{
    /// <summary>The header written, and the column names looked for when reading.</summary>
    public static readonly string[] Header = ["filename", "emo_pred", "int_pred"];

    private static readonly string[] MediaExtensions = [".mp4", ".avi", ".mkv", ".flv", ".wav", ".npy"];
    private static readonly string[] NameColumns = ["filename", "file_name", "name", "utterance", "id"];
    private static readonly string[] EmotionColumns = ["emo_pred", "emotion", "emo", "emotion_pred"];
    private static readonly string[] IntentColumns = ["int_pred", "intent", "int", "intent_pred"];

    /// <summary>Reads a predictions file, mapping labels through <paramref name="emotion"/> and <paramref name="intent"/>.</summary>
    /// <exception cref="MeijuDataException">Missing or empty file, bad header, short row, unknown label, repeated utterance.</exception>
    public static IReadOnlyList<UtterancePrediction> Read(string path, LabelSet emotion, LabelSet intent)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "predictions file not found");
        }

        var result = new List<UtterancePrediction>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int nameCol = 0, emoCol = 1, intCol = 2;
        var first = true;
        var lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            var fields = SplitCsv(raw);
            if (first)
            {
                first = false;
                if (LooksLikeHeader(fields))
                {
                    nameCol = Column(fields, NameColumns, path, lineNo);
                    emoCol = Column(fields, EmotionColumns, path, lineNo);
                    intCol = Column(fields, IntentColumns, path, lineNo);
                    continue;
                }
            }

            var needed = Math.Max(nameCol, Math.Max(emoCol, intCol)) + 1;
            if (fields.Length < needed)
            {
                throw new MeijuDataException(path, $"expected '{string.Join(",", Header)}', found {fields.Length} field(s)", lineNo);
            }

            var name = StripExtension(fields[nameCol]);
            if (name.Length == 0)
            {
                throw new MeijuDataException(path, "empty file name", lineNo);
            }

            if (!seen.TryAdd(name, lineNo))
            {
                throw new MeijuDataException(path, $"utterance '{name}' is predicted twice (first on line {seen[name]})", lineNo);
            }

            var e = emotion.IndexOf(fields[emoCol]);
            if (e < 0)
            {
                throw new MeijuDataException(path, $"unknown emotion label '{fields[emoCol]}' (expected one of: {string.Join(", ", emotion.Classes)})", lineNo);
            }

            var i = intent.IndexOf(fields[intCol]);
            if (i < 0)
            {
                throw new MeijuDataException(path, $"unknown intent label '{fields[intCol]}' (expected one of: {string.Join(", ", intent.Classes)})", lineNo);
            }

            result.Add(new UtterancePrediction(name, e, i, lineNo));
        }

        if (result.Count == 0)
        {
            throw new MeijuDataException(path, "predictions file has no rows");
        }

        return result;
    }

    /// <summary>Writes predictions with a header, names as <c>&lt;name&gt;.mp4</c> and string labels.</summary>
    public static void Write(string path, IEnumerable<UtterancePrediction> predictions, LabelSet emotion, LabelSet intent)
    {
        var lines = new List<string> { string.Join(",", Header) };
        lines.AddRange(predictions.Select(p => $"{p.Name}.mp4,{emotion[p.Emotion]},{intent[p.Intent]}"));
        AtomicFile.WriteAllLines(path, lines);
    }

    /// <summary>The utterance name without a media extension (<c>a.mp4</c> → <c>a</c>).</summary>
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

    private static bool LooksLikeHeader(string[] fields) =>
        fields.Any(f => NameColumns.Contains(f, StringComparer.OrdinalIgnoreCase))
        && fields.Any(f => EmotionColumns.Contains(f, StringComparer.OrdinalIgnoreCase));

    private static int Column(string[] header, string[] candidates, string path, int line)
    {
        for (var c = 0; c < header.Length; c++)
        {
            if (candidates.Contains(header[c], StringComparer.OrdinalIgnoreCase))
            {
                return c;
            }
        }

        throw new MeijuDataException(path, $"header has no '{candidates[0]}' column (found: {string.Join(", ", header)})", line);
    }

    // Minimal CSV: commas separate, double quotes may wrap a field ("" is a literal quote); labels and names never
    // hold commas, so nothing more is needed.
    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        fields.Add(current.ToString().Trim());
        return fields.ToArray();
    }
}
