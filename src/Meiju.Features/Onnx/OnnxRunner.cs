using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Onnx;

/// <summary>Runs a session on OrtValues built over managed arrays (no copies into DenseTensor).</summary>
internal static class OnnxRunner
{
    /// <summary>Runs <paramref name="session"/> and returns the named output's values and shape.</summary>
    public static (float[] Data, long[] Shape) Run(
        InferenceSession session,
        IReadOnlyList<(string Name, OrtValue Value)> inputs,
        string output,
        string modelName)
    {
        using var results = RunValue(session, inputs, output, modelName);
        var value = results[0];
        var info = value.GetTensorTypeAndShape();
        return (value.GetTensorDataAsSpan<float>().ToArray(), info.Shape);
    }

    /// <summary>
    /// Runs <paramref name="session"/> and returns the named output still owned by ONNX Runtime (index 0), so it
    /// can feed the next model without a copy through managed memory. Dispose it.
    /// </summary>
    public static IDisposableReadOnlyCollection<OrtValue> RunValue(
        InferenceSession session,
        IReadOnlyList<(string Name, OrtValue Value)> inputs,
        string output,
        string modelName)
    {
        if (!session.OutputMetadata.ContainsKey(output))
        {
            throw new InvalidOperationException(
                $"model '{modelName}' has no output '{output}'; it has: {string.Join(", ", session.OutputMetadata.Keys)}");
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
        return session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), inputs.Select(i => i.Value).ToArray(), [output]);
    }
}
