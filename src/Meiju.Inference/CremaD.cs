using Meiju.Labels;

namespace Meiju.Inference;

/// <summary>CREMA-D file names encode the acted emotion (<c>1001_DFA_ANG_XX</c>): the gold label a batch report checks.</summary>
public static class CremaD
{
    /// <summary>CREMA-D's emotion codes → MEIJU emotion.</summary>
    public static IReadOnlyDictionary<string, string> Codes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ANG"] = "anger", ["DIS"] = "disgust", ["FEA"] = "fear", ["HAP"] = "happy", ["NEU"] = "neutral", ["SAD"] = "sad",
    };

    /// <summary>The MEIJU emotion the file name encodes, or null when it is not a CREMA-D name.</summary>
    public static string? GoldEmotion(string path)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split('_');
        return parts.Length >= 3 && parts[0].Length == 4 && parts[0].All(char.IsAsciiDigit) && Codes.TryGetValue(parts[2], out var e)
            && MeijuLabels.Emotion.Contains(e) ? e : null;
    }
}
