using Meiju.Labels;

namespace Meiju.Data.Importers;

/// <summary>
/// Imports MIntRec text (<c>train.tsv</c>, <c>dev.tsv</c>: season, episode, clip, text, label): intent only,
/// <c>mintrec-intent</c> (20). The emotion task is the one-class placeholder set <c>none</c> (see
/// <see cref="MeldImporter"/>).
/// </summary>
/// <remarks>
/// Names are MIntRec's clip ids <c>S&lt;season&gt;_E&lt;episode&gt;_&lt;clip&gt;</c>; the clip is its own
/// "dialogue" for subsampling (MIntRec has no dialogue ids).
/// </remarks>
public static class MintrecImporter
{
    /// <summary>The source file of each split.</summary>
    public static IReadOnlyDictionary<MeijuSplit, string> SplitFiles { get; } =
        new Dictionary<MeijuSplit, string> { [MeijuSplit.Train] = "train.tsv", [MeijuSplit.Valid] = "dev.tsv", [MeijuSplit.Test] = "test.tsv" };

    /// <summary>Reads one split; duplicate clip ids go to <paramref name="skipped"/>.</summary>
    /// <exception cref="MeijuDataException">Missing file, wrong header or field count, or an unknown intent.</exception>
    public static IReadOnlyList<ImportedUtterance> Read(string source, MeijuSplit split, List<SkippedRecord> skipped)
    {
        var path = Path.Combine(source, SplitFiles[split]);
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "MIntRec TSV not found");
        }

        var intent = LabelSetCatalog.Get("mintrec-intent");
        var result = new List<ImportedUtterance>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            var fields = line.Split('\t');
            if (lineNo == 1)
            {
                if (fields.Length != 5 || !string.Equals(fields[3].Trim(), "text", StringComparison.OrdinalIgnoreCase))
                {
                    throw new MeijuDataException(path, "expected the header 'season<TAB>episode<TAB>clip<TAB>text<TAB>label'", 1);
                }

                continue;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (fields.Length != 5)
            {
                throw new MeijuDataException(path, $"expected 5 tab-separated fields, found {fields.Length}", lineNo);
            }

            var label = intent.IndexOf(fields[4]);
            if (label < 0)
            {
                throw new MeijuDataException(path, $"unknown intent '{fields[4].Trim()}' (expected one of: {string.Join(", ", intent.Classes)})", lineNo);
            }

            var name = $"{fields[0].Trim()}_{fields[1].Trim()}_{fields[2].Trim()}";
            if (!seen.Add(name))
            {
                skipped.Add(new SkippedRecord(path, lineNo, $"clip {name} appears twice"));
                continue;
            }

            result.Add(new ImportedUtterance(name, fields[3], 0, label, name));
        }

        return result;
    }

    /// <summary>Imports train and dev (as Validation), and test when the source has it, into <paramref name="outDir"/>.</summary>
    public static ImportReport Import(string source, string outDir, ImportOptions? options = null)
    {
        var skipped = new List<SkippedRecord>();
        var splits = ImportWriter.Present(SplitFiles, source).ToDictionary(s => s, s => Read(source, s, skipped));
        return ImportWriter.Write("mintrec", outDir, splits, LabelSetCatalog.Get("none"), LabelSetCatalog.Get("mintrec-intent"),
            options ?? new ImportOptions(), skipped, source);
    }
}
