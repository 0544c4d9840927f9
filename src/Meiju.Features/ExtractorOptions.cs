namespace Meiju.Features;

/// <summary>Run-time settings shared by all extractors.</summary>
/// <param name="IntraOpThreads">
/// Threads one ONNX Runtime call may use. The job already runs items in parallel, so 1 (the default) keeps
/// <c>--jobs N</c> from oversubscribing the cores; 0 means ONNX Runtime's own default (all cores).
/// </param>
/// <param name="Device">Where ONNX models run (null: the CPU); <c>--device cuda</c> needs a GPU build (docs/gpu.md).</param>
public sealed record ExtractorOptions(int IntraOpThreads = 1, ComputeDevice? Device = null);
