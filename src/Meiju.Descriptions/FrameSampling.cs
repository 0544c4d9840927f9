namespace Meiju.Descriptions;

/// <summary>Picks a few evenly spaced items (frames) from a longer list.</summary>
internal static class FrameSampling
{
    public static IReadOnlyList<T> Evenly<T>(IReadOnlyList<T> items, int count)
    {
        if (count <= 0 || items.Count <= count)
        {
            return items;
        }

        // Centre of each of `count` equal segments, so the first and last frames (often fades) are avoided.
        return Enumerable.Range(0, count).Select(i => items[(int)((i + 0.5) * items.Count / count)]).ToList();
    }
}
