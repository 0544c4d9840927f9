namespace Meiju.Data.Importers;

/// <summary>Imports a text dataset from ../shared/data into the MEIJU layout by name.</summary>
public static class DatasetImporter
{
    /// <summary>The datasets that can be imported.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dailydialog", "meld", "mintrec"];

    /// <summary>Imports <paramref name="dataset"/> from <paramref name="source"/> into <paramref name="outDir"/>.</summary>
    /// <exception cref="ArgumentException">Unknown dataset name.</exception>
    /// <exception cref="MeijuDataException">The source is missing or malformed.</exception>
    public static ImportReport Import(string dataset, string source, string outDir, ImportOptions? options = null)
    {
        if (!Directory.Exists(source))
        {
            throw new MeijuDataException(source, "source folder not found");
        }

        return dataset.ToLowerInvariant() switch
        {
            "dailydialog" => DailyDialogImporter.Import(source, outDir, options),
            "meld" => MeldImporter.Import(source, outDir, options),
            "mintrec" => MintrecImporter.Import(source, outDir, options),
            _ => throw new ArgumentException($"unknown dataset '{dataset}' (expected one of: {string.Join(", ", Names)})", nameof(dataset)),
        };
    }
}
