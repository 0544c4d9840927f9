using Meiju.Features;
using Meiju.IO;

namespace Meiju.Inference;

/// <summary>
/// Time pooling of a [T, D] feature array into what a model stream takes: <c>none</c> (unchanged), <c>mean</c>
/// ([1, D]) or <c>meanstd</c> ([1, 2D], mean then standard deviation). One function for training and the video
/// path, so both feed the same numbers.
/// </summary>
public static class FeaturePooling
{
    /// <summary>No pooling.</summary>
    public const string None = "none";

    /// <summary>Mean over frames.</summary>
    public const string Mean = "mean";

    /// <summary>Mean and standard deviation over frames.</summary>
    public const string MeanStd = "meanstd";

    /// <summary>Whether <paramref name="pooling"/> is one of the known names.</summary>
    public static bool IsKnown(string pooling) => pooling is None or Mean or MeanStd;

    /// <summary>Pools <paramref name="features"/> as <paramref name="pooling"/> says.</summary>
    /// <exception cref="ArgumentException">Unknown pooling name.</exception>
    public static NpyArray Apply(NpyArray features, string pooling) => pooling switch
    {
        None => features,
        Mean => new NpyArray([1, features.RowWidth], FeatureArrays.MeanRows(features)),
        MeanStd => new NpyArray([1, 2 * features.RowWidth], FeatureArrays.MeanStdRows(features)),
        _ => throw new ArgumentException($"unknown pooling '{pooling}' (expected none, mean or meanstd)", nameof(pooling)),
    };

    /// <summary>The pooled width of a D-wide feature.</summary>
    public static int Width(int dimension, string pooling) => pooling == MeanStd ? 2 * dimension : dimension;
}
