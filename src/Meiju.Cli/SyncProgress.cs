namespace Meiju.Cli;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the calling thread. <see cref="Progress{T}"/> posts to a thread
/// pool instead, so a status line updated from it can lag behind or arrive after the work has finished.
/// </summary>
/// <typeparam name="T">What is reported.</typeparam>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
