using System.Text;

namespace Meiju.Web;

/// <summary>A bundled clip the page offers; the browser only ever sees <see cref="Id"/>.</summary>
/// <param name="Id">Stable id: the file name without extension, lower-case letters, digits, '-' and '_' only.</param>
/// <param name="Name">The file name shown to the user.</param>
/// <param name="Format">The container recognised from the file's content.</param>
/// <param name="SizeBytes">File size.</param>
/// <param name="Transcript">What is said, from the folder's transcripts.csv; null when not listed.</param>
public sealed record SampleClip(string Id, string Name, string Format, long SizeBytes, string? Transcript);

/// <summary>
/// The sample clips of one folder, read once at start-up. Requests name a sample by id and the id is looked up in
/// this table, so no part of a request is ever joined to a path.
/// </summary>
public sealed class SampleCatalog
{
    private readonly Dictionary<string, (SampleClip Clip, string Path)> _byId = new(StringComparer.Ordinal);

    private SampleCatalog()
    {
    }

    /// <summary>An empty catalog (no samples folder).</summary>
    public static SampleCatalog Empty { get; } = new();

    /// <summary>The samples, sorted by id.</summary>
    public IReadOnlyList<SampleClip> Clips => _byId.Values.Select(v => v.Clip).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Lists the media files directly in <paramref name="directory"/> (recognised by content; other files are
    /// ignored) with transcripts from <c>transcripts.csv</c> (<c>FileName,sentence</c>) when the folder has one.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static SampleCatalog Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: samples folder not found");
        }

        var transcripts = ReadTranscripts(Path.Combine(directory, "transcripts.csv"));
        var catalog = new SampleCatalog();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (MediaSniffer.Detect(path) is not { } kind)
            {
                continue;
            }

            var stem = Path.GetFileNameWithoutExtension(path);
            var id = ToId(stem);
            if (id.Length == 0 || catalog._byId.ContainsKey(id))
            {
                continue;
            }

            var clip = new SampleClip(id, Path.GetFileName(path), kind.Name, new FileInfo(path).Length, transcripts.GetValueOrDefault(stem));
            catalog._byId[id] = (clip, Path.GetFullPath(path));
        }

        return catalog;
    }

    /// <summary>Finds a sample by its id; false for any id not in the table (including anything path-like).</summary>
    public bool TryGet(string id, out SampleClip clip, out string path)
    {
        if (_byId.TryGetValue(id, out var entry))
        {
            (clip, path) = entry;
            return true;
        }

        clip = null!;
        path = string.Empty;
        return false;
    }

    private static string ToId(string stem)
    {
        var id = new StringBuilder(stem.Length);
        foreach (var c in stem.ToLowerInvariant())
        {
            id.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' ? c : '_');
        }

        return id.ToString();
    }

    private static Dictionary<string, string> ReadTranscripts(string csv)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(csv))
        {
            return result;
        }

        var lineNumber = 0;
        foreach (var line in File.ReadLines(csv))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0)
            {
                throw new MeijuDataException(csv, "expected 'FileName,sentence'", lineNumber);
            }

            var sentence = line[(comma + 1)..].Trim();
            if (sentence.Length >= 2 && sentence[0] == '"' && sentence[^1] == '"')
            {
                sentence = sentence[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            }

            result[line[..comma].Trim()] = sentence;
        }

        return result;
    }
}
