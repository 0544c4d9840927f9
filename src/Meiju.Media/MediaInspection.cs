using Meiju.Media.Faces;

namespace Meiju.Media;

/// <summary>What loading one file gave, in numbers a person can check, or why it failed.</summary>
/// <param name="Path">The file.</param>
/// <param name="Media">The loaded media, or null when loading failed.</param>
/// <param name="Error">The one-line reason it failed, or null.</param>
public sealed record MediaInspectionItem(string Path, UtteranceMedia? Media, string? Error)
{
    /// <summary>Seconds of speech found by voice-activity detection (null when it did not run).</summary>
    public double? SpeechSeconds => Media?.Speech is { } s && Media.Audio is { } a ? s.Sum(x => x.Length) / (double)a.SampleRate : null;
}

/// <summary>
/// Loads a list of files one by one, never stopping at a bad one, and optionally writes a contact sheet of the
/// face crops (one row per file) so that a person can check the crops are on faces. Used by <c>meiju media</c>.
/// </summary>
public static class MediaInspection
{
    /// <summary>Loads each of <paramref name="paths"/>; reports progress as the count of files done.</summary>
    public static async Task<IReadOnlyList<MediaInspectionItem>> RunAsync(
        IReadOnlyList<string> paths,
        MediaLoaderOptions options,
        string? contactSheetPath = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var loader = new FfmpegMediaLoader(options);
        var items = new List<MediaInspectionItem>();
        foreach (var path in paths)
        {
            try
            {
                var media = await loader.LoadAsync(path, cancellationToken).ConfigureAwait(false);
                items.Add(new MediaInspectionItem(path, media, null));
            }
            catch (MeijuDataException ex)
            {
                items.Add(new MediaInspectionItem(path, null, ex.Message));
            }

            progress?.Report(items.Count);
        }

        if (contactSheetPath is not null)
        {
            var rows = items.Where(i => i.Media is { Faces.Count: > 0 }).Select(i => i.Media!.Faces).ToList();
            if (rows.Count > 0)
            {
                ContactSheet.Write(contactSheetPath, rows);
            }
        }

        return items;
    }
}
