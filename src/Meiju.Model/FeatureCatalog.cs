namespace Meiju.Model;

/// <summary>
/// Names of the frame-level features a configuration may ask for, with their width D. A configuration can declare
/// more under <c>features</c>; any other name is an error, so a typo fails at load time and not mid-training.
/// </summary>
public static class FeatureCatalog
{
    /// <summary>Known feature names (case-insensitive) and their widths.</summary>
    public static IReadOnlyDictionary<string, int> Known { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        // The official MEIJU baseline features (../shared/reference/meiju-baseline.md).
        ["wav2vec"] = 512,
        ["resnet50-342"] = 342,
        ["roberta"] = 768,
        // The seed paper's extra features (user-supplied ONNX exports).
        ["resnet50"] = 2048,
        ["clip-vit-b32"] = 512,
        ["clip-vit-l14"] = 768,
        ["hubert-base"] = 768,
        ["hubert-large"] = 1024,
        ["wav2vec2-base"] = 768,
        ["wav2vec2-large"] = 1024,
        ["roberta-large"] = 1024,
        ["chinese-roberta-wwm-ext"] = 768,
        // Models shipped inside packages here (../shared/reference/offline-models-and-libraries.md).
        ["resnet18"] = 512,
        ["minilm"] = 384,
        ["fer-mini-xception"] = 7,
    };

    /// <summary>The width of <paramref name="feature"/>, looking first in <paramref name="declared"/>.</summary>
    public static bool TryGetWidth(string feature, IReadOnlyDictionary<string, int>? declared, out int width)
    {
        if (declared is not null)
        {
            foreach (var (name, w) in declared)
            {
                if (string.Equals(name, feature, StringComparison.OrdinalIgnoreCase))
                {
                    width = w;
                    return true;
                }
            }
        }

        return Known.TryGetValue(feature, out width);
    }
}
