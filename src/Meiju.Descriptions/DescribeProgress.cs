namespace Meiju.Descriptions;

/// <summary>Counts so far, reported after every finished item (one item = one utterance × one prompt).</summary>
/// <param name="Total">Items in this run.</param>
/// <param name="Done">Items answered by a model in this run.</param>
/// <param name="Cached">Items already answered in the store (nothing sent).</param>
/// <param name="Failed">Items that failed in this run (recorded in the store).</param>
public sealed record DescribeProgress(int Total, int Done, int Cached, int Failed)
{
    /// <summary>Items finished one way or another.</summary>
    public int Finished => Done + Cached + Failed;
}
