using System.Runtime.InteropServices;

namespace Meiju.IO;

/// <summary>
/// Lists the files under a folder recursively, following directory links at most once each. .NET's own recursive
/// enumeration follows a link that points at an ancestor for ever (a symlink loop made <c>meiju extract</c> hang with
/// unbounded memory), so this walk keeps the real path of every folder it entered and skips a link to one of them.
/// </summary>
public static class DirectoryWalk
{
    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// The files under <paramref name="root"/>, streamed in ordinal order of each folder's entries (so the whole
    /// listing is sorted by path), each folder entered once even when links lead to it several times.
    /// </summary>
    /// <param name="root">The folder to walk.</param>
    /// <param name="skippedLink">Told each directory link skipped because it leads to a folder already walked.</param>
    public static IEnumerable<string> Files(string root, Action<string>? skippedLink = null)
    {
        var entered = new HashSet<string>(StringComparer.Ordinal);
        return Walk(Path.GetFullPath(root), entered, skippedLink);
    }

    private static IEnumerable<string> Walk(string folder, HashSet<string> entered, Action<string>? skippedLink)
    {
        if (!entered.Add(RealPath(folder)))
        {
            skippedLink?.Invoke(folder);
            yield break;
        }

        var entries = Directory.EnumerateFileSystemEntries(folder, "*", OneLevel).Order(StringComparer.Ordinal).ToList();
        foreach (var entry in entries)
        {
            if (Directory.Exists(entry))
            {
                foreach (var file in Walk(entry, entered, skippedLink))
                {
                    yield return file;
                }
            }
            else if (File.Exists(entry))
            {
                yield return entry;
            }
        }
    }

    /// <summary>The canonical path with every link resolved (libc realpath); the path itself where that fails.</summary>
    private static string RealPath(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return Path.GetFullPath(path);
        }

        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return Path.GetFullPath(path);
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? path;
        }
        finally
        {
            free(resolved);
        }
    }

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
}
