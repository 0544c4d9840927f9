using System.Diagnostics;

namespace Meiju.Media.Tests;

/// <summary>Makes small media files with ffmpeg's lavfi sources in a temporary folder, deleted at dispose.</summary>
public sealed class TestMedia : IDisposable
{
    public TestMedia()
    {
        Folder = Directory.CreateTempSubdirectory("meiju-media-test-").FullName;
    }

    public string Folder { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>Runs ffmpeg with <paramref name="args"/> (after -y -loglevel error) and returns the output path.</summary>
    public string Ffmpeg(string output, params string[] args)
    {
        var path = PathOf(output);
        Run("ffmpeg", ["-nostdin", "-y", "-hide_banner", "-loglevel", "error", .. args, path]);
        return path;
    }

    /// <summary>A 2 s 320×240 25 fps testsrc video with a 440 Hz tone, in <paramref name="name"/>'s container.</summary>
    public string VideoWithTone(string name, double seconds = 2, string size = "320x240")
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            Ffmpeg(name, "-f", "lavfi", "-i", $"testsrc=size={size}:rate=25:duration={seconds}",
                "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={seconds}",
                "-ac", "2", "-shortest", "-pix_fmt", "yuv420p");
        }

        return path;
    }

    /// <summary>
    /// Files the both-streams fast paths must decline: a video with no audio, an audio-only file and a zero-length
    /// file (made once).
    /// </summary>
    public string[] WithoutBothStreams()
    {
        var videoOnly = PathOf("silent.mp4");
        if (!File.Exists(videoOnly))
        {
            Ffmpeg("silent.mp4", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=1", "-pix_fmt", "yuv420p");
        }

        var audioOnly = PathOf("tone.wav");
        if (!File.Exists(audioOnly))
        {
            Ffmpeg("tone.wav", "-f", "lavfi", "-i", "sine=frequency=440:duration=1");
        }

        var empty = PathOf("empty.mp4");
        File.WriteAllBytes(empty, []);
        return [videoOnly, audioOnly, empty];
    }

    public static void Run(string exe, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} failed: {err}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
