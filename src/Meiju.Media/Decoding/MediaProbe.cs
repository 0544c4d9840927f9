namespace Meiju.Media.Decoding;

/// <summary>What a media file holds: its container, duration and streams.</summary>
/// <param name="Path">The file probed.</param>
/// <param name="FormatName">ffprobe's container name (e.g. "flv", "mov,mp4,m4a,3gp,3g2,mj2", "wav").</param>
/// <param name="DurationSeconds">Container duration in seconds, or NaN when unknown.</param>
/// <param name="Streams">All streams, in container order.</param>
public sealed record MediaProbe(string Path, string FormatName, double DurationSeconds, IReadOnlyList<MediaStreamInfo> Streams)
{
    /// <summary>The first real video stream (cover art excluded), or null.</summary>
    public MediaStreamInfo? Video => Streams.FirstOrDefault(s => s.Kind == "video" && !s.IsAttachedPicture);

    /// <summary>The first audio stream, or null.</summary>
    public MediaStreamInfo? Audio => Streams.FirstOrDefault(s => s.Kind == "audio");
}
