using Meiju.IO;
using Meiju.Media;

namespace Meiju.Features;

/// <summary>
/// A frozen feature extractor: turns one utterance's media into a [T, D] float array written as
/// <c>feature_root/&lt;Name&gt;/&lt;utterance&gt;.npy</c> (the official MEIJU layout).
/// </summary>
/// <remarks>
/// Implementations must be safe to call from several threads at once: the extraction job runs items in parallel
/// and shares one instance (and its cached ONNX session) across them.
/// </remarks>
public interface IFeatureExtractor
{
    /// <summary>The feature folder name (e.g. <c>resnet18</c>, <c>logmel</c>).</summary>
    string Name { get; }

    /// <summary>Width D of every row.</summary>
    int Dimension { get; }

    /// <summary>What part of the media it reads.</summary>
    FeatureInput Input { get; }

    /// <summary>Extracts the [T, D] features of <paramref name="media"/>.</summary>
    /// <exception cref="FeatureInputMissingException">The part of the media this extractor needs is absent.</exception>
    NpyArray Extract(UtteranceMedia media);
}
