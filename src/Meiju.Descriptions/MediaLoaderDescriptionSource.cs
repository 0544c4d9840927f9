using Meiju.Media;

namespace Meiju.Descriptions;

/// <summary>Uses any <see cref="IMediaLoader"/> (the project's full decoder) as a description media source.</summary>
/// <param name="loader">The decoder.</param>
/// <param name="fingerprint">Names the loader and its settings; see <see cref="IDescriptionMediaSource.Fingerprint"/>.</param>
/// <param name="maxFrames">At most this many frames are passed on, evenly spaced over those the loader sampled.</param>
public sealed class MediaLoaderDescriptionSource(IMediaLoader loader, string fingerprint, int maxFrames = 4) : IDescriptionMediaSource
{
    /// <inheritdoc />
    public string Fingerprint => $"{fingerprint};max_frames={maxFrames}";

    /// <inheritdoc />
    public async Task<DescriptionMedia> LoadAsync(string path, DescriptionMediaParts parts = DescriptionMediaParts.All, CancellationToken cancellationToken = default)
    {
        var media = await loader.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return new DescriptionMedia(FrameSampling.Evenly(media.Frames, maxFrames), media.Audio);
    }
}
