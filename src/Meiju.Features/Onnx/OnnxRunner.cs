using Meiju.Features.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Meiju.Features.Onnx;

/// <summary>Runs a session on OrtValues built over managed arrays (no copies into DenseTensor).</summary>
internal static class OnnxRunner
{
    /// <summary>
    /// Runs <paramref name="session"/> for the entry's outputs: its one <c>output</c>, or its <c>outputs</c>
    /// combined element-wise as its <c>combine</c> says (every extractor reads model outputs through here).
    /// </summary>
    public static (float[] Data, long[] Shape) Run(
        InferenceSession session,
        IReadOnlyList<(string Name, OrtValue Value)> inputs,
        ManifestEntry entry) => Run(session, inputs, entry.OutputNames, entry.Combine, entry.Name);

    /// <summary>
    /// Runs <paramref name="session"/> and returns <paramref name="outputs"/> combined (one output: as it is).
    /// </summary>
    public static (float[] Data, long[] Shape) Run(
        InferenceSession session,
        IReadOnlyList<(string Name, OrtValue Value)> inputs,
        IReadOnlyList<string> outputs,
        OutputCombine? combine,
        string modelName)
    {
        using var results = RunValues(session, inputs, outputs, modelName);
        var first = results[0];
        var shape = first.GetTensorTypeAndShape().Shape;
        var data = first.GetTensorDataAsSpan<float>().ToArray();
        for (var i = 1; i < results.Count; i++)
        {
            var other = results[i].GetTensorTypeAndShape().Shape;
            if (!other.SequenceEqual(shape))
            {
                throw new InvalidOperationException(
                    $"model '{modelName}': outputs '{outputs[0]}' ({string.Join("x", shape)}) and '{outputs[i]}' ({string.Join("x", other)}) "
                    + "differ in shape; 'outputs' must name outputs of one shape");
            }

            var values = results[i].GetTensorDataAsSpan<float>();
            for (var j = 0; j < data.Length; j++)
            {
                data[j] += values[j];
            }
        }

        if (combine == OutputCombine.Mean && results.Count > 1)
        {
            var scale = 1f / results.Count;
            for (var j = 0; j < data.Length; j++)
            {
                data[j] *= scale;
            }
        }

        return (data, shape);
    }

    /// <summary>
    /// Runs <paramref name="session"/> and returns the named output still owned by ONNX Runtime (index 0), so it
    /// can feed the next model without a copy through managed memory. Dispose it.
    /// </summary>
    public static IDisposableReadOnlyCollection<OrtValue> RunValue(
        InferenceSession session,
        IReadOnlyList<(string Name, OrtValue Value)> inputs,
        string output,
        string modelName) => RunValues(session, inputs, [output], modelName);

    private static IDisposableReadOnlyCollection<OrtValue> RunValues(
        InferenceSession session,
        IReadOnlyList<(string Name, OrtValue Value)> inputs,
        IReadOnlyList<string> outputs,
        string modelName)
    {
        foreach (var output in outputs)
        {
            if (!session.OutputMetadata.ContainsKey(output))
            {
                throw new InvalidOperationException(
                    $"model '{modelName}' has no output '{output}'; it has: {string.Join(", ", session.OutputMetadata.Keys)}");
            }

            if (session.OutputMetadata[output].ElementDataType != TensorElementType.Float)
            {
                throw new InvalidOperationException(
                    $"model '{modelName}': output '{output}' is {session.OutputMetadata[output].ElementDataType}, not float32; export it as float32");
            }
        }

        foreach (var (name, _) in inputs)
        {
            if (!session.InputMetadata.ContainsKey(name))
            {
                throw new InvalidOperationException(
                    $"model '{modelName}' has no input '{name}'; it has: {string.Join(", ", session.InputMetadata.Keys)}");
            }
        }

        using var runOptions = new RunOptions();
        return session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), inputs.Select(i => i.Value).ToArray(), outputs.ToArray());
    }
}
