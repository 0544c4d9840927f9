namespace Meiju.Data.Importers;

/// <summary>A source record left out of an import, and why.</summary>
/// <param name="Path">The source file.</param>
/// <param name="Line">1-based line (or record) in it.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedRecord(string Path, int Line, string Reason);
