using System.Diagnostics;
using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>Options of <see cref="TrainingBenchmark.Run"/>.</summary>
public sealed record TrainingBenchmarkOptions
{
    /// <summary>Model config (built-in name or path); the official baseline by default.</summary>
    public string Config { get; init; } = "baseline";

    /// <summary>Utterances per batch.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Torch intra-op threads (the reference numbers used 2).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Frames per modality letter (A, V, T) of each shape to time.</summary>
    public IReadOnlyList<(int A, int V, int L)> Shapes { get; init; } = [(150, 50, 40), (50, 50, 50)];

    /// <summary>Untimed steps before timing.</summary>
    public int Warmup { get; init; } = 3;

    /// <summary>Timed steps (the median is reported).</summary>
    public int Steps { get; init; } = 20;

    /// <summary>Training steps of the memory run (0 skips it).</summary>
    public int MemorySteps { get; init; } = 500;

    /// <summary>Called after each timed or memory step with a short status.</summary>
    public Action<string>? Progress { get; init; }
}
