namespace Meiju;

/// <summary>
/// Writes files so that a reader (or a resumed job) sees either the old file or the complete new one, never a
/// partial write: write to a temporary file in the same folder, flush, then rename over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="lines"/> atomically, creating the folder if needed.</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
            foreach (var line in lines)
            {
                writer.WriteLine(line);
            }
        });

    /// <summary>Writes <paramref name="text"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>Writes <paramref name="bytes"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Runs <paramref name="write"/> against a temporary file and renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, write, flushToDisk: true);

    /// <summary>
    /// As <see cref="Write(string, Action{Stream})"/>; <paramref name="flushToDisk"/> false skips the fsync, for
    /// thousands of small files that can be regenerated (an fsync costs milliseconds each), keeping the rename so a
    /// reader still never sees a partial file.
    /// </summary>
    public static void Write(string path, Action<Stream> write, bool flushToDisk)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
