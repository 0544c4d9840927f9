using Spectre.Console;

namespace Meiju.Cli;

/// <summary>
/// Moves a Spectre progress bar from a library's <see cref="IProgress{T}"/> on the calling thread
/// (<see cref="Progress{T}"/> would post to the thread pool and race the bar's last refresh).
/// </summary>
internal sealed class TaskProgress(ProgressTask task) : IProgress<(int Done, int Total)>
{
    /// <inheritdoc />
    public void Report((int Done, int Total) value)
    {
        task.MaxValue = Math.Max(1, value.Total);
        task.Value = value.Done;
    }
}
