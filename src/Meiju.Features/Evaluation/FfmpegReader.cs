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
