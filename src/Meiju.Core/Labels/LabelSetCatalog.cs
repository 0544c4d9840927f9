using System.Collections.Concurrent;
using System.Text.Json;

namespace Meiju.Labels;

/// <summary>
/// Label sets declared as data: the JSON files shipped in <c>src/Meiju.Core/LabelSets/</c> (embedded in the
/// assembly) and any user file of the same shape, so a new dataset's vocabulary needs no code change.
/// </summary>
/// <remarks>
/// A file holds <c>{"name": "...", "description": "...", "classes": [...], "aliases": {"alias": "class"}}</c>;
/// <c>classes</c> is in index order (logit order), <c>aliases</c> and <c>description</c> are optional.
/// </remarks>
public static class LabelSetCatalog
{
    private const string ResourcePrefix = "Meiju.LabelSets.";
    private static readonly ConcurrentDictionary<string, LabelSet> Cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names of the label sets built into the assembly, sorted.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = typeof(LabelSetCatalog).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The built-in label set called <paramref name="name"/> (case-insensitive), e.g. <c>meld-emotion</c>.</summary>
    /// <exception cref="ArgumentException">No built-in set has that name; the message lists the known ones.</exception>
    public static LabelSet Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Cache.GetOrAdd(name, static n =>
        {
            var resource = BuiltInNames.FirstOrDefault(b => string.Equals(b, n, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"unknown label set '{n}' (built in: {string.Join(", ", BuiltInNames)}; or give a path to a .json file)");
            using var stream = typeof(LabelSetCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + resource + ".json")!;
            return Parse(stream, $"<built-in>/{resource}.json");
        });
    }

    /// <summary>Reads a label set from a JSON file.</summary>
    /// <exception cref="MeijuDataException">The file is missing, not JSON, or declares an inconsistent set.</exception>
    public static LabelSet Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "label set file not found");
        }

        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    /// <summary>
    /// A path to an existing file is loaded with <see cref="Load"/>; anything else is looked up with <see cref="Get"/>.
    /// Lets options accept either <c>meld-emotion</c> or <c>my-labels.json</c>.
    /// </summary>
    public static LabelSet Resolve(string nameOrPath) =>
        File.Exists(nameOrPath) || nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Load(nameOrPath)
            : Get(nameOrPath);

    /// <summary>Parses a label set from <paramref name="json"/>; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="MeijuDataException">Not JSON, or the declaration is incomplete or inconsistent.</exception>
    public static LabelSet Parse(Stream json, string path)
    {
        LabelSetDeclaration? declaration;
        try
        {
            declaration = JsonSerializer.Deserialize(json, LabelSetJsonContext.Default.LabelSetDeclaration);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)l + 1 : (int?)null;
            throw new MeijuDataException(path, "not a valid label set JSON: " + e.Message, line, e);
        }

        if (declaration is null)
        {
            throw new MeijuDataException(path, "label set JSON is null");
        }

        if (string.IsNullOrWhiteSpace(declaration.Name))
        {
            throw new MeijuDataException(path, "label set has no \"name\"");
        }

        if (declaration.Classes is not { Count: > 0 })
        {
            throw new MeijuDataException(path, $"label set '{declaration.Name}' has no \"classes\"");
        }

        if (declaration.Classes.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
        {
            throw new MeijuDataException(path, $"label set '{declaration.Name}' has an empty class name");
        }

        try
        {
            return new LabelSet(declaration.Name, declaration.Classes, declaration.Aliases, declaration.Description);
        }
        catch (ArgumentException e)
        {
            throw new MeijuDataException(path, e.Message.Split(" (Parameter", 2)[0], inner: e);
        }
    }
}
