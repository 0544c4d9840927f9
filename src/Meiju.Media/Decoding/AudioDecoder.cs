using System.Buffers.Binary;
using System.Globalization;

namespace Meiju.Media.Decoding;

/// <summary>Decodes the first audio stream to mono float samples; ffmpeg does the down-mix and resampling (soxr).</summary>
public static class AudioDecoder
{
    /// <summary>
    /// Decodes <paramref name="probe"/>'s audio stream at <paramref name="sampleRate"/>, at most
    /// <paramref name="maxSeconds"/> seconds (a cap so that a 2-hour file cannot exhaust memory). Returns null when
    /// the file has no audio stream.
    /// </summary>
    public static async Task<AudioSignal?> ReadAsync(
        MediaProbe probe,
        int sampleRate = 16000,
        double maxSeconds = 600,
        FfmpegTools? tools = null,
        CancellationToken cancellationToken = default)
    {
        if (sampleRate < 1000 || !(maxSeconds > 0))
        {
            throw new ArgumentException($"audio decoding: sample rate must be ≥ 1000 and max seconds > 0 (got {sampleRate}, {maxSeconds})");
        }

        var audio = probe.Audio;
        if (audio is null)
        {
            return null;
        }

        tools ??= FfmpegTools.Default;
        string[] args =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error",
            "-i", FfmpegTools.InputUrl(probe.Path),
            "-map", "0:" + audio.Index.ToString(CultureInfo.InvariantCulture),
            "-vn", "-sn", "-dn",
            "-t", maxSeconds.ToString("R", CultureInfo.InvariantCulture),
            "-af", "aresample=resampler=soxr",
            "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture),
            "-f", "f32le", "pipe:1",
        ];
        using var tool = FfmpegTools.Start(tools.Ffmpeg, args);
        using var bytes = new MemoryStream();
        await tool.Stdout.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
        var code = await tool.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (code != 0 && bytes.Length == 0)
        {
            throw new MeijuDataException(probe.Path, "ffmpeg could not decode the audio: " + MediaProber.Explain(tool.StderrTail));
        }

        var raw = bytes.GetBuffer().AsSpan(0, (int)(bytes.Length / 4 * 4));
        var samples = new float[raw.Length / 4];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
            samples[i] = float.IsFinite(v) ? Math.Clamp(v, -1f, 1f) : 0f;
        }

        return new AudioSignal(samples, sampleRate);
    }
}
