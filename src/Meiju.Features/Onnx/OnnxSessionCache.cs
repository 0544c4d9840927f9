using System.Collections.Concurrent;
using Meiju.Features.Models;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Onnx;

/// <summary>
/// One <see cref="InferenceSession"/> per (model, thread count) for the life of the process. Sessions are costly to
/// create (ResNet-18 takes ~0.3 s) and ONNX Runtime allows concurrent Run calls on one session, so every extractor
/// and every parallel item shares them.
/// </summary>
public static class OnnxSessionCache
{
    private static readonly ConcurrentDictionary<(string Model, int Threads), Lazy<InferenceSession>> Sessions = new();

    /// <summary>The cached session for the expanded model reference, created on first use.</summary>
    /// <param name="expandedReference">A path or <c>assembly.dll#Resource</c> from <see cref="ModelLocator.Expand"/>.</param>
    /// <param name="intraOpThreads">Threads one Run may use (0 = ONNX Runtime's default, all cores).</param>
    public static InferenceSession Get(string expandedReference, int intraOpThreads)
    {
        var lazy = Sessions.GetOrAdd(
            (expandedReference, intraOpThreads),
            key => new Lazy<InferenceSession>(() => Create(key.Model, key.Threads), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    /// <summary>Number of sessions created so far (for tests and diagnostics).</summary>
    public static int Count => Sessions.Count(s => s.Value.IsValueCreated);

    private static InferenceSession Create(string reference, int threads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(0, threads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        try
        {
            return ModelLocator.IsResource(reference)
                ? new InferenceSession(ModelLocator.ReadAllBytes(reference), options)
                : new InferenceSession(EnsureFile(reference), options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MeijuDataException(reference, "ONNX Runtime cannot load this model: " + e.Message);
        }
    }

    private static string EnsureFile(string path) =>
        File.Exists(path) ? path : throw new MeijuDataException(path, "model file not found");
}
