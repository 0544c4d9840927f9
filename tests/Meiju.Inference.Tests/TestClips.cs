using System.Diagnostics;
using Meiju.Inference.Base;
using Meiju.Model;

namespace Meiju.Inference.Tests;

/// <summary>Tiny ffmpeg-generated clips and a random-weight model folder with meiju-base's streams, in a temporary folder.</summary>
public sealed class TestClips : IDisposable
{
    public TestClips()
    {
        Folder = Directory.CreateTempSubdirectory("meiju-inference-test-").FullName;
    }

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>A model folder with meiju-base's configuration and random weights (no normalisation).</summary>
    public string RandomModel()
    {
        var dir = PathOf("model");
        if (!Directory.Exists(dir))
        {
            using var model = MeijuModel.Create(BaseModelTrainer.Config(), 3);
            model.Save(dir);
            new InferenceSettings { Pooling = new Dictionary<string, string>(BaseCorpus.Pooling) }.Save(dir);
        }

        return dir;
    }

    public string Ffmpeg(string output, params string[] args)
    {
        var path = PathOf(output);
        if (File.Exists(path))
        {
            return path;
        }

        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-nostdin", "-y", "-hide_banner", "-loglevel", "error", .. args, path])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? path : throw new InvalidOperationException("ffmpeg failed: " + err);
    }

    /// <summary>A 2 s test-pattern video (no face) with a tone.</summary>
    public string PatternWithTone() => Ffmpeg("pattern-tone.mp4",
        "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=2",
        "-shortest", "-pix_fmt", "yuv420p");

    /// <summary>A 2 s test-pattern video with no audio stream.</summary>
    public string PatternSilent() => Ffmpeg("pattern-silent.mp4", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2", "-pix_fmt", "yuv420p");

    /// <summary>A 2-hour video that is tiny on disk (32×32 black at 1 fps, no audio).</summary>
    public string TwoHours() => Ffmpeg("two-hours.mp4", "-f", "lavfi", "-i", "color=c=black:s=32x32:r=1:d=7200", "-c:v", "mpeg4", "-q:v", "31");

    public string Empty()
    {
        var path = PathOf("empty.mp4");
        File.WriteAllBytes(path, []);
        return path;
    }

    public string Garbage()
    {
        var path = PathOf("garbage.mp4");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 251)).ToArray());
        return path;
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
