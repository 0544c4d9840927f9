using System.Diagnostics;

namespace Meiju.Descriptions.Tests;

/// <summary>Tiny media made by ffmpeg (lavfi testsrc + sine) in a temporary folder, deleted on dispose.</summary>
public sealed class TestMedia : IDisposable
{
    private static readonly Lazy<string> Cache = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "meiju-describe-media-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        Ffmpeg("-f", "lavfi", "-i", "testsrc=size=96x64:rate=10:duration=1", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=1",
            "-c:v", "mpeg4", "-c:a", "aac", "-shortest", Path.Combine(dir, "av.mp4"));
        Ffmpeg("-f", "lavfi", "-i", "testsrc=size=96x64:rate=10:duration=1", "-an", "-c:v", "mpeg4", Path.Combine(dir, "video-only.mp4"));
        Ffmpeg("-f", "lavfi", "-i", "testsrc=size=640x360:rate=10:duration=1", "-an", "-c:v", "mpeg4", Path.Combine(dir, "large.mp4"));
        return dir;
    });

    public TestMedia()
    {
        Root = Path.Combine(Path.GetTempPath(), "meiju-describe-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
        Videos = Path.Combine(Root, "videos");
        Directory.CreateDirectory(Videos);
    }

    public string Root { get; }

    public string Videos { get; }

    public string StorePath => Path.Combine(Root, "descriptions.db");

    /// <summary>Copies the cached clip of <paramref name="kind"/> (av, video-only, large) as <c>videos/name.mp4</c>.</summary>
    public string Add(string name, string kind = "av")
    {
        var target = Path.Combine(Videos, name + ".mp4");
        File.Copy(Path.Combine(Cache.Value, kind + ".mp4"), target);
        return target;
    }

    public IReadOnlyList<string> AddMany(int count, string kind = "av") =>
        Enumerable.Range(1, count).Select(i => Add($"utt{i:D2}", kind)).ToList();

    public static string CachedClip(string kind) => Path.Combine(Cache.Value, kind + ".mp4");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static byte[] Ffmpeg(params string[] args)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-nostdin", "-y" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(ms);
        var err = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("ffmpeg took over 30 s");
        }

        copy.Wait(5_000);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + err.Result);
        }

        return ms.ToArray();
    }
}
