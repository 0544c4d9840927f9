using System.Diagnostics;
using System.Globalization;
using Meiju.Media;

namespace Meiju.Features.Evaluation;

/// <summary>
/// Minimal decoding through the <c>ffmpeg</c> command for the evaluations (FLAC speech, JPEG faces). Full media
/// decoding (containers, frame sampling, faces, subtitles) belongs to Meiju.Media's loader; this only keeps the
/// feature evaluations runnable on their own.
/// </summary>
public static class FfmpegReader
{
    /// <summary>Decodes any audio file to mono float samples at <paramref name="sampleRate"/>.</summary>
    /// <exception cref="MeijuDataException">ffmpeg is missing or cannot decode the file.</exception>
    public static AudioSignal ReadAudio(string path, int sampleRate = 16000)
    {
        var bytes = Run(["-nostdin", "-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-f", "f32le", "-"], path);
        var samples = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 4);
        return new AudioSignal(samples, sampleRate);
    }

    /// <summary>
    /// Decodes many mono FLAC files of one sample rate in a single ffmpeg process (concat demuxer) and splits the
    /// stream by each file's sample count from its STREAMINFO header. Starting ffmpeg costs far more than decoding a
    /// few seconds of speech, so this is what keeps the RAVDESS evaluation short. Files that do not fit (other
    /// formats, rates or channel counts, or a total that does not add up) are decoded one by one.
    /// </summary>
    public static List<AudioSignal> ReadAudioBatch(IReadOnlyList<string> paths, int sampleRate = 16000)
    {
        var counts = paths.Select(p => FlacSamples(p, sampleRate)).ToList();
        var result = new AudioSignal?[paths.Count];
        var batchable = Enumerable.Range(0, paths.Count).Where(i => counts[i] is not null).ToList();
        const int chunk = 400;
        for (var start = 0; start < batchable.Count; start += chunk)
        {
            var part = batchable.Skip(start).Take(chunk).ToList();
            var list = Path.Combine(Path.GetTempPath(), $"meiju-concat-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
            try
            {
                File.WriteAllLines(list, ["ffconcat version 1.0", .. part.Select(i => $"file '{paths[i].Replace("'", "'\\''", StringComparison.Ordinal)}'")]);
                var bytes = Run(["-nostdin", "-v", "error", "-f", "concat", "-safe", "0", "-i", list, "-ac", "1", "-f", "f32le", "-"], list);
                var expected = part.Sum(i => counts[i]!.Value);
                if (bytes.Length != expected * 4)
                {
                    continue;
                }

                long offset = 0;
                foreach (var i in part)
                {
                    var n = counts[i]!.Value;
                    var samples = new float[n];
                    Buffer.BlockCopy(bytes, (int)(offset * 4), samples, 0, (int)(n * 4));
                    result[i] = new AudioSignal(samples, sampleRate);
                    offset += n;
                }
            }
            finally
            {
                File.Delete(list);
            }
        }

        return result.Select((a, i) => a ?? ReadAudio(paths[i], sampleRate)).ToList();
    }

    /// <summary>Total samples of a mono FLAC file at <paramref name="sampleRate"/>, from STREAMINFO; null otherwise.</summary>
    private static long? FlacSamples(string path, int sampleRate)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[26];
            if (stream.Read(head) != 26 || head[0] != (byte)'f' || head[1] != (byte)'L' || head[2] != (byte)'a' || head[3] != (byte)'C' || (head[4] & 0x7F) != 0)
            {
                return null;
            }

            // STREAMINFO starts at byte 8: 20 bits rate, 3 bits channels-1, 5 bits bps-1, 36 bits total samples.
            var rate = (head[18] << 12) | (head[19] << 4) | (head[20] >> 4);
            var channels = ((head[20] >> 1) & 0x7) + 1;
            var total = ((long)(head[21] & 0x0F) << 32) | ((long)head[22] << 24) | ((long)head[23] << 16) | ((long)head[24] << 8) | head[25];
            return rate == sampleRate && channels == 1 && total > 0 ? total : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Decodes many images in one ffmpeg process (concat demuxer) to 8-bit grey at
    /// <paramref name="size"/> × <paramref name="size"/>.
    /// </summary>
    public static List<byte[]> ReadGrayImages(IReadOnlyList<string> paths, int size)
    {
        var result = new List<byte[]>(paths.Count);
        const int chunk = 2000;
        for (var start = 0; start < paths.Count; start += chunk)
        {
            var part = paths.Skip(start).Take(chunk).ToList();
            var list = Path.Combine(Path.GetTempPath(), $"meiju-concat-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
            try
            {
                File.WriteAllLines(list, ["ffconcat version 1.0", .. part.Select(p => $"file '{p.Replace("'", "'\\''", StringComparison.Ordinal)}'")]);
                var bytes = Run(
                    ["-nostdin", "-v", "error", "-f", "concat", "-safe", "0", "-i", list, "-fps_mode", "passthrough",
                     "-vf", $"scale={size}:{size}", "-pix_fmt", "gray", "-f", "rawvideo", "-"],
                    list);
                var frame = size * size;
                if (bytes.Length != frame * part.Count)
                {
                    throw new MeijuDataException(list, $"ffmpeg returned {bytes.Length / frame} images for {part.Count} files");
                }

                for (var i = 0; i < part.Count; i++)
                {
                    result.Add(bytes.AsSpan(i * frame, frame).ToArray());
                }
            }
            finally
            {
                File.Delete(list);
            }
        }

        return result;
    }

    private static byte[] Run(IEnumerable<string> args, string path)
    {
        var info = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new MeijuDataException(path, "cannot start ffmpeg");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new MeijuDataException(path, "ffmpeg is not installed (apt-get install ffmpeg, or run scripts/setup.sh)");
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            using var memory = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(memory);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new MeijuDataException(path, "ffmpeg failed: " + stderr.Result.Trim().Split('\n').LastOrDefault());
            }

            return memory.ToArray();
        }
    }
}
