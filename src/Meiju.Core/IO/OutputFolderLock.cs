namespace Meiju.IO;

/// <summary>
/// An exclusive lock on a job's output folder, held for the run: a second run writing the same folder would redo
/// every item and truncate the first one's error file. The lock is the OS's (an open file that shares nothing), so
/// it goes away with a killed process and never needs cleaning up by hand.
/// </summary>
public sealed class OutputFolderLock : IDisposable
{
    private readonly FileStream _file;

    private OutputFolderLock(FileStream file) => _file = file;

    /// <summary>Takes the lock named <paramref name="name"/> in <paramref name="folder"/> (created if needed).</summary>
    /// <param name="folder">The output folder.</param>
    /// <param name="name">The lock's file name, e.g. one per shard so shards of one job can run side by side.</param>
    /// <param name="job">What the holder is, for the message (e.g. "meiju extract").</param>
    /// <exception cref="MeijuDataException">Another process holds the lock.</exception>
    public static OutputFolderLock Acquire(string folder, string name, string job)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            file.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId + "\n");
            file.Write(pid);
            file.Flush();
            return new OutputFolderLock(file);
        }
        catch (IOException ex) when (!DiskFull.Is(ex))
        {
            var holder = ReadHolder(path);
            throw new MeijuDataException(folder, $"another {job}{(holder is null ? "" : $" (pid {holder})")} is writing to this folder; wait for it to finish, or use another --out (shards: give each run its own --shard)");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static string? ReadHolder(string path)
    {
        try
        {
            using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var text = new StreamReader(reader);
            return text.ReadLine()?.Trim() is { Length: > 0 } pid ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
