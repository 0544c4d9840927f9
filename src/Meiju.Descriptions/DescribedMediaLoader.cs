using Meiju.Media;

namespace Meiju.Descriptions;

/// <summary>
/// Wraps a media loader so each utterance also carries the description store's answers as named text streams
/// (e.g. <c>visual_description</c>), which <c>meiju extract</c> then encodes like the subtitle text.
/// </summary>
public sealed class DescribedMediaLoader : IMediaLoader
{
    private readonly IMediaLoader _inner;
    private readonly DescriptionStore _store;
    private readonly IReadOnlyCollection<string>? _streams;

    /// <summary>Adds <paramref name="store"/>'s answers (only <paramref name="streams"/> when given) to what <paramref name="inner"/> loads.</summary>
    public DescribedMediaLoader(IMediaLoader inner, DescriptionStore store, IReadOnlyCollection<string>? streams = null)
    {
        _inner = inner;
        _store = store;
        _streams = streams;
    }

    /// <inheritdoc />
    public async Task<UtteranceMedia> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var media = await _inner.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return _store.AttachTo(media, _streams);
    }
}
