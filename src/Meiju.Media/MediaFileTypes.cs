namespace Meiju.Media;

/// <summary>
/// The file extensions a folder scan treats as media, in one place: predict, extract and describe used to keep
/// their own lists, so a folder scan skipped images (and some containers) that a single path accepted.
/// </summary>
public static class MediaFileTypes
{
    /// <summary>Video containers.</summary>
    public static IReadOnlySet<string> Video { get; } = Set(".mp4", ".mkv", ".avi", ".mov", ".flv", ".webm", ".m4v", ".mpg", ".mpeg", ".wmv", ".3gp", ".ts");

    /// <summary>Audio-only files.</summary>
    public static IReadOnlySet<string> Audio { get; } = Set(".wav", ".mp3", ".flac", ".ogg", ".m4a", ".aac", ".opus");

    /// <summary>Still images, decoded as one frame with no audio.</summary>
    public static IReadOnlySet<string> Image { get; } = Set(".jpg", ".jpeg", ".png", ".bmp", ".webp");

    /// <summary>
    /// Video and audio: what dataset jobs (extract, describe) take from a folder. Images are left out there because a
    /// dataset folder's thumbnails would collide with their clips' item names.
    /// </summary>
    public static IReadOnlySet<string> Clips { get; } = Set([.. Video, .. Audio]);

    /// <summary>Every extension above: what <c>predict</c> takes from a folder, as it takes any of them as one path.</summary>
    public static IReadOnlySet<string> All { get; } = Set([.. Video, .. Audio, .. Image]);

    /// <summary>True when <paramref name="path"/> has a media extension (any case).</summary>
    public static bool IsMedia(string path) => All.Contains(Path.GetExtension(path));

    private static HashSet<string> Set(params string[] extensions) => new(extensions, StringComparer.OrdinalIgnoreCase);
}
