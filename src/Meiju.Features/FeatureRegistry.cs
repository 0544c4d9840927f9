using Meiju.Features.Audio;
using Meiju.Features.Fer;
using Meiju.Features.Models;
using Meiju.Features.Onnx;

namespace Meiju.Features;

/// <summary>
/// Creates extractors by feature name: the built-ins (<c>logmel</c>, <c>logmel80</c>, <c>mfcc_prosody</c>, <c>fer</c>,
/// <c>fer_penultimate</c>) and every entry of the default manifest (<c>resnet18</c>, <c>minilm_tokens</c>,
/// <c>minilm_sentence</c>) and of a user manifest, whose entries replace defaults of the same name.
/// </summary>
public sealed class FeatureRegistry
{
    /// <summary>The features <c>meiju extract</c> writes when none are named.</summary>
    public static IReadOnlyList<string> DefaultFeatures { get; } = ["resnet18", "fer", "logmel", "mfcc_prosody", "minilm_tokens", "minilm_sentence"];

    private static readonly string[] BuiltIns = ["logmel", "logmel80", "mfcc_prosody", "fer", "fer_penultimate"];

    private readonly Dictionary<string, (ManifestEntry Entry, string? BaseDirectory)> _entries = new(StringComparer.Ordinal);
    private readonly ExtractorOptions _options;
    private readonly string? _ferModel;

    /// <summary>Creates a registry over the default manifest plus <paramref name="userManifest"/>.</summary>
    /// <param name="userManifest">Extra or replacing ONNX entries, or null.</param>
    /// <param name="options">Run-time settings for every extractor.</param>
    /// <param name="ferModel">Path of the tfjs <c>emotion.json</c> (default: the npm package's).</param>
    public FeatureRegistry(ModelManifest? userManifest = null, ExtractorOptions? options = null, string? ferModel = null)
    {
        _options = options ?? new ExtractorOptions();
        _ferModel = ferModel;
        var defaults = ModelManifest.Default();
        foreach (var entry in defaults.Models)
        {
            _entries[entry.Name] = (entry, defaults.BaseDirectory);
        }

        foreach (var entry in userManifest?.Models ?? [])
        {
            if (BuiltIns.Contains(entry.Name))
            {
                throw new MeijuDataException(userManifest!.SourcePath, $"model '{entry.Name}' would shadow a built-in feature; pick another name");
            }

            _entries[entry.Name] = (entry, userManifest!.BaseDirectory);
        }
    }

    /// <summary>Every name this registry can create.</summary>
    public IReadOnlyList<string> Names => [.. BuiltIns, .. _entries.Keys];

    /// <summary>The manifest entry behind <paramref name="name"/>, or null for built-ins.</summary>
    public ManifestEntry? EntryOf(string name) => _entries.TryGetValue(name, out var e) ? e.Entry : null;

    /// <summary>Creates the extractor called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No feature has that name.</exception>
    public IFeatureExtractor Create(string name)
    {
        switch (name)
        {
            case "logmel":
                return new LogMelExtractor(64, name);
            case "logmel80":
                return new LogMelExtractor(80, name);
            case "mfcc_prosody":
                return new MfccProsodyExtractor(name);
            case "fer":
                return new FerExtractor(FerNetwork.Shared(_ferModel));
            case "fer_penultimate":
                return new FerExtractor(FerNetwork.Shared(_ferModel), penultimate: true);
        }

        if (!_entries.TryGetValue(name, out var found))
        {
            throw new ArgumentException($"unknown feature '{name}'; known: {string.Join(", ", Names)}");
        }

        return found.Entry.Kind switch
        {
            ModelKind.Image => new OnnxImageExtractor(found.Entry, found.BaseDirectory, _options),
            ModelKind.Audio => new OnnxAudioExtractor(found.Entry, found.BaseDirectory, _options),
            _ => new OnnxTextExtractor(found.Entry, found.BaseDirectory, _options),
        };
    }

    /// <summary>Creates several extractors, failing early on an unknown name.</summary>
    public IReadOnlyList<IFeatureExtractor> Create(IEnumerable<string> names) => names.Select(Create).ToList();
}
