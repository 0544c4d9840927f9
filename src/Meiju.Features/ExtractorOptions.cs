namespace Meiju.Features;

/// <summary>Run-time settings shared by all extractors.</summary>
/// <param name="IntraOpThreads">
/// Threads one ONNX Runtime call may use. The job already runs items in parallel, so 1 (the default) keeps
/// <c>--jobs N</c> from oversubscribing the cores; 0 means ONNX Runtime's own default (all cores).
/// </param>
public sealed record ExtractorOptions(int IntraOpThreads = 1);
