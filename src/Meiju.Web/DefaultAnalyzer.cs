namespace Meiju.Web;

/// <summary>Where <c>meiju serve</c> gets its analyzer and model when the user names none.</summary>
public static class DefaultAnalyzer
{
    /// <summary>The shipped model's folder name under <c>models/</c>.</summary>
    public const string ModelName = "meiju-base";

    /// <summary>Opens the real clip analyzer (<see cref="Inference.ClipAnalyzer"/>) for a model folder.</summary>
    public static ClipAnalyzerFactory? Factory { get; } = dir => new Inference.ClipAnalyzer(dir);

    /// <summary><c>&lt;repo&gt;/models/meiju-base</c> when running from a checkout (walking up to Meiju.slnx); null otherwise.</summary>
    public static string? FindModelDirectory() => FindInRepository(Path.Combine("models", ModelName));

    /// <summary>
    /// The repository's bundled clips when running from a checkout: the first of <c>samples/clips</c> and
    /// <c>samples/cremad</c> that holds a media file; null otherwise.
    /// </summary>
    public static string? FindSamplesDirectory() =>
        new[] { Path.Combine("samples", "clips"), Path.Combine("samples", "cremad") }
            .Select(FindInRepository)
            .FirstOrDefault(dir => dir is not null && SampleCatalog.Load(dir).Clips.Count > 0);

    private static string? FindInRepository(string relative)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Meiju.slnx")))
                {
                    var candidate = Path.Combine(dir, relative);
                    return Directory.Exists(candidate) ? candidate : null;
                }
            }
        }

        return null;
    }
}
