using System.Collections.Frozen;

namespace Meiju.Web;

/// <summary>The page's static files, compiled into the assembly: the server never reads the disk to serve them.</summary>
internal sealed class EmbeddedAssets
{
    private const string Prefix = "wwwroot/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    private readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> _files;

    private EmbeddedAssets(FrozenDictionary<string, (byte[] Bytes, string ContentType)> files) => _files = files;

    /// <summary>Every embedded file under wwwroot/, keyed by its name relative to it (e.g. <c>app.js</c>).</summary>
    public static EmbeddedAssets Load()
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[Prefix.Length..];
            files[name] = (buffer.ToArray(), ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"));
        }

        return new EmbeddedAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Looks a file up by name; anything not embedded (including path-like names) is not found.</summary>
    public bool TryGet(string name, out byte[] bytes, out string contentType)
    {
        if (_files.TryGetValue(name, out var file))
        {
            (bytes, contentType) = file;
            return true;
        }

        bytes = [];
        contentType = string.Empty;
        return false;
    }
}
