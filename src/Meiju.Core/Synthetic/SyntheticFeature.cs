namespace Meiju.Synthetic;

/// <summary>One synthetic feature (a folder of [T, D] <c>.npy</c> files), standing in for one modality.</summary>
/// <param name="Name">Folder name under the feature root, e.g. <c>wav2vec</c>.</param>
/// <param name="Dimension">Width D of every frame.</param>
/// <param name="MinFrames">Fewest frames T of an utterance (≥ 1).</param>
/// <param name="MaxFrames">Most frames T of an utterance (≥ <paramref name="MinFrames"/>).</param>
public sealed record SyntheticFeature(string Name, int Dimension, int MinFrames, int MaxFrames)
{
    /// <summary>Parses <c>name:D</c> or <c>name:D:minT-maxT</c> (the CLI's <c>--feature</c> form).</summary>
    /// <exception cref="ArgumentException">The text is not in that form.</exception>
    public static SyntheticFeature Parse(string text, int defaultMinFrames = 8, int defaultMaxFrames = 32)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !int.TryParse(parts[1], out var d))
        {
            throw new ArgumentException($"feature '{text}': expected name:D or name:D:minT-maxT, e.g. wav2vec:512:20-60");
        }

        var (min, max) = (defaultMinFrames, defaultMaxFrames);
        if (parts.Length == 3)
        {
            var range = parts[2].Split('-');
            if (range.Length != 2 || !int.TryParse(range[0], out min) || !int.TryParse(range[1], out max))
            {
                throw new ArgumentException($"feature '{text}': frame range must be minT-maxT, e.g. 20-60");
            }
        }

        var feature = new SyntheticFeature(parts[0], d, min, max);
        feature.Check();
        return feature;
    }

    /// <summary>Throws when the numbers are out of range.</summary>
    /// <exception cref="ArgumentException">D or the frame range is invalid.</exception>
    public void Check()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"feature name '{Name}' is not a valid folder name");
        }

        if (Dimension < 2)
        {
            throw new ArgumentException($"feature '{Name}': dimension must be at least 2, got {Dimension}");
        }

        if (MinFrames < 1 || MaxFrames < MinFrames)
        {
            throw new ArgumentException($"feature '{Name}': frame range {MinFrames}-{MaxFrames} is invalid (need 1 ≤ min ≤ max)");
        }
    }
}
