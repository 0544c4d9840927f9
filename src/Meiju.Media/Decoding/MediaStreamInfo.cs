namespace Meiju.Media.Decoding;

/// <summary>One stream of a media file as ffprobe reports it.</summary>
/// <param name="Index">Stream index in the container.</param>
/// <param name="Kind">"video", "audio", "subtitle", "data" or "attachment".</param>
/// <param name="Codec">Codec name (e.g. h264, vp6f, mp3), or empty when unknown.</param>
/// <param name="Width">Display width in pixels after rotation (video only, else 0).</param>
/// <param name="Height">Display height in pixels after rotation (video only, else 0).</param>
/// <param name="FramesPerSecond">Average frame rate (video only; 0 when unknown).</param>
/// <param name="SampleRate">Samples per second (audio only, else 0).</param>
/// <param name="Channels">Audio channels (audio only, else 0).</param>
/// <param name="DurationSeconds">Stream duration, or NaN when the container does not say.</param>
/// <param name="IsAttachedPicture">True for cover art stored as a video stream (mp3, flac): not a video.</param>
public sealed record MediaStreamInfo(
    int Index,
    string Kind,
    string Codec,
    int Width,
    int Height,
    double FramesPerSecond,
    int SampleRate,
    int Channels,
    double DurationSeconds,
    bool IsAttachedPicture);
