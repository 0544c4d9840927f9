namespace Meiju.Descriptions;

/// <summary>
/// Supplies the frames and audio that go to the models. Kept separate from <see cref="Meiju.Media.IMediaLoader"/>
/// so that describing can run before the full decoder lands; <see cref="MediaLoaderDescriptionSource"/> adapts that
/// loader once it exists, and <see cref="FfmpegDescriptionMediaSource"/> is the minimal stand-in.
/// </summary>
public interface IDescriptionMediaSource
{
    /// <summary>
    /// Names the decoder and every setting that changes what it produces (frame count, size, sample rate). It enters
    /// the cache key, so changing a setting asks the models again instead of reusing answers about other inputs.
    /// </summary>
    string Fingerprint { get; }

    /// <summary>
    /// Decodes <paramref name="path"/>. A missing audio or video stream is not an error (the part is empty/null);
    /// an unreadable file throws <see cref="MeijuDataException"/> naming it. Parts not in <paramref name="parts"/>
    /// may be left out (empty frames, null audio).
    /// </summary>
    Task<DescriptionMedia> LoadAsync(string path, DescriptionMediaParts parts = DescriptionMediaParts.All, CancellationToken cancellationToken = default);
}
