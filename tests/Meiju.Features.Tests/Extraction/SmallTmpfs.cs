using System.Diagnostics;

namespace Meiju.Features.Tests.Extraction;

/// <summary>A tiny tmpfs mounted for one test, so "disk full" is a real ENOSPC from the kernel, not a mock.</summary>
internal sealed class SmallTmpfs : IDisposable
{
    private SmallTmpfs(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Why a tmpfs cannot be mounted here (not root, no mount binary, a container without the capability); null when it can.</summary>
    public static readonly string? Unavailable = Probe();

    /// <summary>Mounts a tmpfs of <paramref name="kilobytes"/> KiB on a new temp folder.</summary>
    public static SmallTmpfs Mount(int kilobytes)
    {
        var dir = Directory.CreateTempSubdirectory("meiju-tmpfs-").FullName;
        var error = Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", dir);
        if (error is not null)
        {
            Directory.Delete(dir);
            throw new InvalidOperationException($"mount failed: {error}");
        }

        return new SmallTmpfs(dir);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static string? Probe()
    {
        try
        {
            using var probe = Mount(16);
            return null;
        }
        catch (Exception e)
        {
            return $"cannot mount a small tmpfs for the disk-full test here ({e.Message})";
        }
    }

    private static string? Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"{file} exited {process.ExitCode}: {stderr.Trim()}";
    }
}

/// <summary>A fact that needs <see cref="SmallTmpfs"/>; skipped, with the reason, where mounting is refused.</summary>
internal sealed class NeedsTmpfsFactAttribute : FactAttribute
{
    public NeedsTmpfsFactAttribute()
    {
        if (SmallTmpfs.Unavailable is { } why)
        {
            Skip = why;
        }
    }
}
