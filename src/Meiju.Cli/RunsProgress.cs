using System.Globalization;
using Meiju.Training;
using Spectre.Console;

namespace Meiju.Cli;

/// <summary>
/// Progress of a multi-run benchmark (text, imbalance): one bar for the runs, one for the current run's batches
/// across its stages, restarted for every run.
/// </summary>
internal sealed class RunsProgress(ProgressContext context, double runs)
{
    private readonly ProgressTask _overall = context.AddTask("runs", maxValue: runs);
    private ProgressTask? _current;

    /// <summary>A run starts (<paramref name="index"/> is 1-based).</summary>
    public void OnRun(string what, int index, int total)
    {
        _overall.Value = index - 1;
        _overall.Description = Markup.Escape($"run {index}/{total}: {what}");
        _current?.StopTask();
        _current = null;
    }

    /// <summary>A batch of the current run finished.</summary>
    public void OnProgress(TrainingProgress p)
    {
        _current ??= context.AddTask("batches", maxValue: 1);
        _current.MaxValue = p.Stages * (double)p.Epochs * p.Batches;
        _current.Value = ((p.Stage - 1) * (double)p.Epochs + p.Epoch) * p.Batches + p.Batch;
        _current.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"stage {p.Stage}/{p.Stages} epoch {p.Epoch + 1}/{p.Epochs} loss {p.Loss:F4}"));
    }

    /// <summary>All runs are done.</summary>
    public void Done() => _overall.Value = _overall.MaxValue;
}
