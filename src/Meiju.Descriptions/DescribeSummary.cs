namespace Meiju.Descriptions;

/// <summary>What a <see cref="Describer"/> run did.</summary>
/// <param name="Utterances">Media files in the run.</param>
/// <param name="Done">Items answered by a model in this run.</param>
/// <param name="Cached">Items already in the store.</param>
/// <param name="Failed">Items that failed; their errors are in <paramref name="Failures"/> and in the store.</param>
/// <param name="Failures">The failed rows written by this run.</param>
public sealed record DescribeSummary(int Utterances, int Done, int Cached, int Failed, IReadOnlyList<DescriptionRecord> Failures);
