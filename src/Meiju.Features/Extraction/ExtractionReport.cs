namespace Meiju.Features.Extraction;

/// <summary>The outcome of a <see cref="FeatureExtractionJob"/> run.</summary>
/// <param name="Total">Items in this shard.</param>
/// <param name="Completed">Items that now have every requested feature, written in this run.</param>
/// <param name="Skipped">Items that already had every feature (resumed work).</param>
/// <param name="Failed">Items with at least one error (see <see cref="Features"/> for which features they still got).</param>
/// <param name="Errors">Every error, also written to the errors file.</param>
/// <param name="WallSeconds">Wall time of the run.</param>
/// <param name="MediaSeconds">Duration of the media processed (audio length, else the last frame's time).</param>
/// <param name="Stages">Summed time per stage: <c>decode</c>, <c>write</c> and each feature name.</param>
/// <param name="ErrorsFile">Where the errors were written.</param>
public sealed record ExtractionReport(
    int Total,
    int Completed,
    int Skipped,
    int Failed,
    IReadOnlyList<ExtractionError> Errors,
    double WallSeconds,
    double MediaSeconds,
    IReadOnlyDictionary<string, StageSummary> Stages,
    string ErrorsFile)
{
    /// <summary>Seconds of media per second of wall time (0 when nothing was processed).</summary>
    public double RealTimeFactor => WallSeconds > 0 ? MediaSeconds / WallSeconds : 0;

    /// <summary>True when no item failed.</summary>
    public bool Succeeded => Failed == 0;

    /// <summary>Per requested feature: how many items got it in this run, had it already, or failed it.</summary>
    public IReadOnlyDictionary<string, FeatureCount> Features { get; init; } = new Dictionary<string, FeatureCount>();

    /// <summary>Items whose media was capped (kind <c>capped</c>): features written, but covering only the start.</summary>
    public IReadOnlyList<ExtractionError> Warnings { get; init; } = [];

    /// <summary>Where <see cref="Warnings"/> were written (one JSON object per line); null when there were none.</summary>
    public string? WarningsFile { get; init; }
}

/// <summary>Progress of a running job.</summary>
/// <param name="Done">Items finished (completed, skipped or failed).</param>
/// <param name="Total">Items in this shard.</param>
/// <param name="Failed">Items with errors so far.</param>
/// <param name="LastItem">The item that just finished.</param>
public sealed record ExtractionProgress(int Done, int Total, int Failed, string LastItem);
