using Meiju.Features.Evaluation;
using Meiju.Media;

namespace Meiju.Features.Extraction;

/// <summary>
/// A stop-gap <see cref="IMediaLoader"/> for <c>meiju extract</c> until Meiju.Media's full loader (frames, faces,
/// subtitles) is wired in: it decodes only the audio (16 kHz mono, via ffmpeg) and reads a transcript from a
/// sidecar <c>&lt;name&gt;.txt</c> beside the media. Frames and faces stay empty, so image features report
/// <c>no_frames</c>/<c>no_face</c> per item.
/// </summary>
public sealed class FallbackMediaLoader : IMediaLoader
{
    /// <inheritdoc />
    public Task<UtteranceMedia> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "file not found");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new MeijuDataException(path, "empty file (0 bytes)");
        }

        AudioSignal? audio = null;
        try
        {
            audio = FfmpegReader.ReadAudio(path);
        }
        catch (MeijuDataException e) when (e.Message.Contains("does not contain any stream", StringComparison.Ordinal)
                                          || e.Message.Contains("matches no streams", StringComparison.Ordinal))
        {
            audio = null;
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var sidecar = Path.ChangeExtension(path, ".txt");
        if (File.Exists(sidecar))
        {
            texts["transcript"] = File.ReadAllText(sidecar).Trim();
        }

        var name = Path.GetFileNameWithoutExtension(path);
        return Task.FromResult(new UtteranceMedia(name, path, [], audio, [], texts));
    }
}
