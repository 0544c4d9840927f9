using System.Collections.Concurrent;
using Meiju.Features.Models;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Onnx;

/// <summary>
/// One <see cref="InferenceSession"/> per (model, thread count, device) for the life of the process. Sessions are costly to
/// create (ResNet-18 takes ~0.3 s) and ONNX Runtime allows concurrent Run calls on one session, so every extractor
/// and every parallel item shares them.
/// </summary>
public static class OnnxSessionCache
{
    private static readonly ConcurrentDictionary<(string Model, int Threads, ComputeDevice Device), Lazy<InferenceSession>> Sessions = new();
    private static readonly ConcurrentDictionary<(string Model, int Threads, ComputeDevice Device), Lazy<InferenceSession?>> BatchFreeSessions = new();

    /// <summary>The cached session for the expanded model reference, created on first use.</summary>
    /// <param name="expandedReference">A path or <c>assembly.dll#Resource</c> from <see cref="ModelLocator.Expand"/>.</param>
    /// <param name="intraOpThreads">Threads one Run may use (0 = ONNX Runtime's default, all cores).</param>
    /// <param name="device">Where the model runs (null: the CPU); see <see cref="OnnxDevice"/>.</param>
    public static InferenceSession Get(string expandedReference, int intraOpThreads, ComputeDevice? device = null)
    {
        var lazy = Sessions.GetOrAdd(
            (expandedReference, intraOpThreads, device ?? ComputeDevice.Cpu),
            key => new Lazy<InferenceSession>(() => Create(key.Model, key.Threads, key.Device), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    /// <summary>
    /// The cached session for a model exported with a fixed batch of 1, loaded with that batch made symbolic
    /// (<see cref="OnnxBatchRewriter"/>), or null when its graph may depend on the batch size.
    /// </summary>
    /// <param name="expandedReference">A path or <c>assembly.dll#Resource</c> from <see cref="ModelLocator.Expand"/>.</param>
    /// <param name="intraOpThreads">Threads one Run may use (0 = ONNX Runtime's default, all cores).</param>
    /// <param name="device">Where the model runs (null: the CPU).</param>
    public static InferenceSession? GetBatchFree(string expandedReference, int intraOpThreads, ComputeDevice? device = null)
    {
        var lazy = BatchFreeSessions.GetOrAdd(
            (expandedReference, intraOpThreads, device ?? ComputeDevice.Cpu),
            key => new Lazy<InferenceSession?>(() => CreateBatchFree(key.Model, key.Threads, key.Device), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    /// <summary>Number of sessions created so far (for tests and diagnostics).</summary>
    public static int Count => Sessions.Count(s => s.Value.IsValueCreated) + BatchFreeSessions.Count(s => s.Value.IsValueCreated && s.Value.Value is not null);

    private static InferenceSession? CreateBatchFree(string reference, int threads, ComputeDevice device)
    {
        var bytes = ModelLocator.IsResource(reference) ? ModelLocator.ReadAllBytes(reference) : File.ReadAllBytes(EnsureFile(reference));
        var lifted = OnnxBatchRewriter.TryLiftBatch(bytes, out _);
        if (lifted is null)
        {
            return null;
        }

        try
        {
            var session = new InferenceSession(lifted, Options(threads, device));
            // The file and its rewritten copy (2 × 63 MB for ResNet-18) are dead now, but large-object-heap garbage
            // waits for a full collection that a steady extraction job rarely triggers: the resident set stayed
            // ≈ 250 MiB higher for a whole 1,000-item run. One blocking full collection per model load (a pause of
            // milliseconds, once) frees it.
            bytes = lifted = null;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            return session;
        }
        catch (OnnxRuntimeException)
        {
            // The original still loads through Get; running it one image at a time is always correct.
            return null;
        }
    }

    private static SessionOptions Options(int threads, ComputeDevice device)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(0, threads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        OnnxDevice.Apply(options, device);
        return options;
    }

    private static InferenceSession Create(string reference, int threads, ComputeDevice device)
    {
        var options = Options(threads, device);
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
