namespace Meiju.Features.Models;

/// <summary>How <see cref="ModelCheck"/> probes each entry.</summary>
public sealed record ModelCheckOptions
{
    /// <summary>Timed probe calls after one untimed warm-up call (the median is reported). Default 3.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Frames (or face crops) in an image model's probe. Default 1.</summary>
    public int Frames { get; init; } = 1;

    /// <summary>Seconds of audio in an audio model's probe. Default 1.</summary>
    public double AudioSeconds { get; init; } = 1;

    /// <summary>ONNX Runtime threads per call (0 = all cores). Default 1, as <c>meiju extract</c>.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Where the models run (default the CPU); <c>cuda</c> times them on the GPU.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Cpu;

    /// <summary>Fails on values that cannot work.</summary>
    public void Validate()
    {
        if (Runs < 1 || Frames < 1 || !(AudioSeconds > 0 && AudioSeconds <= 600) || Threads < 0)
        {
            throw new ArgumentException($"model check: runs and frames must be at least 1, audio seconds in (0, 600], threads 0 or more (got {Runs}, {Frames}, {AudioSeconds}, {Threads})");
        }
    }
}
