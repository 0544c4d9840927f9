namespace Meiju.Data.Importers;

/// <summary>What an import wrote.</summary>
/// <param name="Dataset">The source dataset (dailydialog, meld, mintrec).</param>
/// <param name="OutDir">The MEIJU-layout folder written.</param>
/// <param name="Counts">Utterances written per split.</param>
/// <param name="SourceCounts">Utterances read per split before any subsample.</param>
/// <param name="Skipped">Source records left out, with reasons.</param>
public sealed record ImportReport(
    string Dataset,
    string OutDir,
    IReadOnlyDictionary<MeijuSplit, int> Counts,
    IReadOnlyDictionary<MeijuSplit, int> SourceCounts,
    IReadOnlyList<SkippedRecord> Skipped);
