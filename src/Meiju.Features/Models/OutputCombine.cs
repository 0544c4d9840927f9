namespace Meiju.Features.Models;

/// <summary>
/// How the outputs an entry names in <see cref="ManifestEntry.Outputs"/> become one array: element-wise sum or mean
/// of outputs of one shape (the "last four hidden layers summed" features of the MEIJU baseline).
/// </summary>
public enum OutputCombine
{
    /// <summary>Element-wise sum.</summary>
    Sum,

    /// <summary>Element-wise mean.</summary>
    Mean,
}
