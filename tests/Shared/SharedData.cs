using System.Runtime.CompilerServices;

namespace Meiju.Tests;

/// <summary>
/// Locates the real data under <c>../shared/data</c> (beside the repository root). Tests that need it use
/// <see cref="SharedDataFactAttribute"/> so a machine without the data skips them with a clear reason.
/// </summary>
public static class SharedData
{
    /// <summary>The repository root (the folder holding Meiju.slnx).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>../shared/data</c>, or <c>MEIJU_SHARED_DATA</c> when set.</summary>
    public static string Root { get; } =
        Environment.GetEnvironmentVariable("MEIJU_SHARED_DATA") is { Length: > 0 } env
            ? env
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    /// <summary>The path of <paramref name="relative"/> under the shared data root.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The shared reference folder (<c>../shared/reference</c>).</summary>
    public static string ReferenceRoot { get; } = Path.GetFullPath(Path.Combine(Root, "..", "reference"));

    private static string FindRepoRoot([CallerFilePath] string thisFile = "")
    {
        // Prefer the source location (stable under `dotnet test`), fall back to walking up from the binaries.
        foreach (var start in new[] { Path.GetDirectoryName(thisFile), AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Meiju.slnx")))
                {
                    return dir;
                }
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Meiju.slnx)");
    }
}

/// <summary>A fact that runs only when a path under ../shared (data or reference) exists.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless every path (relative to ../shared/data) exists.</summary>
    public SharedDataFactAttribute(params string[] relativePaths)
    {
        foreach (var rel in relativePaths)
        {
            var full = rel.StartsWith("reference/", StringComparison.Ordinal)
                ? Path.Combine(SharedData.ReferenceRoot, rel["reference/".Length..])
                : SharedData.PathOf(rel);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                Skip = $"real data not present: {full} (set MEIJU_SHARED_DATA or place ../shared beside the repo)";
                return;
            }
        }
    }
}
