namespace Meiju.Features.Extraction;

/// <summary>What happened to one feature of one item in an extraction run.</summary>
public enum FeatureOutcome
{
    /// <summary>Extracted and written in this run.</summary>
    Written,

    /// <summary>Its file existed already (resumed work).</summary>
    AlreadyDone,

    /// <summary>Not written; the errors file says why.</summary>
    Failed,
}

/// <summary>Per-feature totals of a run, so "4 of 6 features written" is not reported as "the item failed".</summary>
/// <param name="Written">Files written in this run.</param>
/// <param name="AlreadyDone">Files that existed already.</param>
/// <param name="Failed">Items for which this feature could not be made.</param>
public sealed record FeatureCount(int Written, int AlreadyDone, int Failed)
{
    /// <summary>Items that now have this feature.</summary>
    public int Present => Written + AlreadyDone;
}
