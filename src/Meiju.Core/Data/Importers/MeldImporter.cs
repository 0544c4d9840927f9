using System.Globalization;
using CsvHelper;
using Meiju.Labels;

namespace Meiju.Data.Importers;

/// <summary>
/// Imports MELD text (<c>train_sent_emo.csv</c>, <c>dev_sent_emo.csv</c>): emotion only, <c>meld-emotion</c>
/// (joy → happy, sadness → sad). MELD has no intent, so the intent task is the one-class placeholder set
/// <c>none</c>: the layout, readers and trainer stay two-task, and the placeholder head scores 1.0 and is ignored.
/// </summary>
/// <remarks>Names are <c>meld-&lt;split&gt;-dia&lt;Dialogue_ID&gt;-utt&lt;Utterance_ID&gt;</c>, as MELD's clip names.</remarks>
public static class MeldImporter
{
    /// <summary>The source file of each split.</summary>
    public static IReadOnlyDictionary<MeijuSplit, string> SplitFiles { get; } =
        new Dictionary<MeijuSplit, string> { [MeijuSplit.Train] = "train_sent_emo.csv", [MeijuSplit.Valid] = "dev_sent_emo.csv", [MeijuSplit.Test] = "test_sent_emo.csv" };

    /// <summary>Reads one split; duplicate (dialogue, utterance) pairs go to <paramref name="skipped"/>.</summary>
    /// <exception cref="MeijuDataException">Missing file or column, malformed CSV, or an unknown emotion.</exception>
    public static IReadOnlyList<ImportedUtterance> Read(string source, MeijuSplit split, List<SkippedRecord> skipped)
    {
        var path = Path.Combine(source, SplitFiles[split]);
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "MELD CSV not found");
        }

        var emotion = LabelSetCatalog.Get("meld-emotion");
        var tag = split switch { MeijuSplit.Train => "train", MeijuSplit.Valid => "dev", _ => "test" };
        var options = CsvReaderOptions.Default with
        {
            HasHeader = true,
            TrackLineNumbers = true,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
        };
        var result = new List<ImportedUtterance>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var reader = CsvReader.FromFile(path, options);
            reader.ReadHeader();
            var headers = reader.Headers.ToArray();
            int Col(string name) => Array.FindIndex(headers, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
                ? i
                : throw new MeijuDataException(path, $"missing column '{name}' (found: {string.Join(", ", headers)})", 1);
            int text = Col("Utterance"), emo = Col("Emotion"), dia = Col("Dialogue_ID"), utt = Col("Utterance_ID");
            while (reader.Read())
            {
                var line = checked((int)reader.LineNumber);
                var e = emotion.IndexOf(reader.GetString(emo));
                if (e < 0)
                {
                    throw new MeijuDataException(path, $"unknown emotion '{reader.GetString(emo)}' (expected one of: {string.Join(", ", emotion.Classes)})", line);
                }

                if (!int.TryParse(reader.GetString(dia), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                    || !int.TryParse(reader.GetString(utt), NumberStyles.None, CultureInfo.InvariantCulture, out var u))
                {
                    throw new MeijuDataException(path, "Dialogue_ID and Utterance_ID must be non-negative integers", line);
                }

                var dialogue = string.Create(CultureInfo.InvariantCulture, $"meld-{tag}-dia{d}");
                var name = string.Create(CultureInfo.InvariantCulture, $"{dialogue}-utt{u}");
                if (!seen.Add(name))
                {
                    skipped.Add(new SkippedRecord(path, line, $"dialogue {d} utterance {u} appears twice"));
                    continue;
                }

                result.Add(new ImportedUtterance(name, reader.GetString(text), e, 0, dialogue));
            }
        }
        catch (CsvFormatException ex)
        {
            throw new MeijuDataException(path, "malformed CSV: " + ex.Message, ex.LineNumber > 0 ? checked((int)ex.LineNumber) : null, ex);
        }

        return result;
    }

    /// <summary>Imports train and dev (as Validation), and test when the source has it, into <paramref name="outDir"/>.</summary>
    public static ImportReport Import(string source, string outDir, ImportOptions? options = null)
    {
        var skipped = new List<SkippedRecord>();
        var splits = ImportWriter.Present(SplitFiles, source).ToDictionary(s => s, s => Read(source, s, skipped));
        return ImportWriter.Write("meld", outDir, splits, LabelSetCatalog.Get("meld-emotion"), LabelSetCatalog.Get("none"),
            options ?? new ImportOptions(), skipped, source);
    }
}
