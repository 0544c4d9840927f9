namespace Meiju.Media;

/// <summary>Decodes one media file into <see cref="UtteranceMedia"/>.</summary>
public interface IMediaLoader
{
    /// <summary>
    /// Loads <paramref name="path"/>. Throws <see cref="MeijuDataException"/> naming the file for unreadable input
    /// (corrupt, zero-length, no stream at all); a missing audio stream or face is not an error here.
    /// </summary>
    Task<UtteranceMedia> LoadAsync(string path, CancellationToken cancellationToken = default);
}
