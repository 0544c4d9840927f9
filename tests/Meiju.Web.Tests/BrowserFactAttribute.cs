namespace Meiju.Web.Tests;

/// <summary>
/// Runs only where the browser test can: Chromium (Debian's /usr/bin/chromium, or MEIJU_CHROMIUM), node on the
/// PATH, <c>npm ci</c> done in e2e/, and the real CREMA-D clip. Otherwise skips saying what is missing.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium is null)
        {
            Skip = "chromium not found at /usr/bin/chromium (apt-get install chromium, or set MEIJU_CHROMIUM)";
        }
        else if (Node is null)
        {
            Skip = "node not found on PATH (apt-get install nodejs npm)";
        }
        else if (!Directory.Exists(Path.Combine(E2eFolder, "node_modules", "playwright-core")))
        {
            Skip = $"playwright-core not installed: run `npm ci` in {E2eFolder} (scripts/setup.sh does)";
        }
        else if (!File.Exists(SharedData.PathOf(TestClips.CremadClip)))
        {
            Skip = $"real data not present: {SharedData.PathOf(TestClips.CremadClip)}";
        }
    }

    public static string E2eFolder => Path.Combine(SharedData.RepoRoot, "tests", "Meiju.Web.Tests", "e2e");

    public static string? Chromium =>
        Environment.GetEnvironmentVariable("MEIJU_CHROMIUM") is { Length: > 0 } env ? (File.Exists(env) ? env : null)
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;

    public static string? Node =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
}
