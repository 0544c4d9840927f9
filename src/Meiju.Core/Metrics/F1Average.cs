namespace Meiju.Metrics;

/// <summary>How per-class scores are combined into one number (scikit-learn's <c>average=</c>).</summary>
public enum F1Average
{
    /// <summary>
    /// Pools true positives, false positives and false negatives over the classes first. With every class in the
    /// label list (the default) this equals accuracy for single-label data. MEIJU Track 2's metric.
    /// </summary>
    Micro,

    /// <summary>Unweighted mean of the per-class scores: rare classes count as much as frequent ones.</summary>
    Macro,

    /// <summary>Mean of the per-class scores weighted by support (true count). MEIJU Track 1's metric.</summary>
    Weighted,
}
