using Meiju.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// Runs a model on a folder of inputs (<c>input_&lt;stream&gt;.npy</c>, [B, T, D] each, as the baseline fixture)
/// and writes every head's logits as <c>out_&lt;name&gt;.npy</c> (plus <c>out_emo_pred.npy</c> /
/// <c>out_int_pred.npy</c>, the softmax of the prediction heads). What <c>meiju forward</c> does.
/// </summary>
public static class ForwardRunner
{
    /// <summary>Reads the inputs for <paramref name="model"/>'s streams from <paramref name="inputsFolder"/>, checking shapes.</summary>
    /// <exception cref="MeijuDataException">An input file is missing or its shape does not fit the model.</exception>
    public static ModelBatch ReadInputs(MeijuModel model, string inputsFolder)
    {
        if (!Directory.Exists(inputsFolder))
        {
            throw new MeijuDataException(inputsFolder, "inputs folder not found");
        }

        var features = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        long? batch = null;
        string? batchFile = null;
        foreach (var stream in model.TokenStreams)
        {
            var path = Path.Combine(inputsFolder, $"input_{stream.Name}.npy");
            var array = NpyFile.Read(path);
            var dim = model.Config.InputDim(stream);
            if (array.Shape.Length != 3 || array.Shape[2] != dim)
            {
                throw new MeijuDataException(path, $"stream '{stream.Name}' ({stream.Feature}) needs shape (B, T, {dim}), the file has {array.ShapeText}");
            }

            if (batch is { } b && b != array.Shape[0])
            {
                throw new MeijuDataException(path, $"batch size {array.Shape[0]} differs from {b} in {batchFile}");
            }

            batch = array.Shape[0];
            batchFile = path;
            features[stream.Name] = tensor(array.Data, array.Shape.Select(d => (long)d).ToArray());
        }

        return new ModelBatch(features);
    }

    /// <summary>
    /// Runs <paramref name="model"/> (in eval mode, without gradients) on <paramref name="inputsFolder"/> and
    /// writes the outputs to <paramref name="outFolder"/>. Returns the written files. Nothing is written unless
    /// every input was read and the forward pass succeeded.
    /// </summary>
    public static IReadOnlyList<string> Run(MeijuModel model, string inputsFolder, string outFolder)
    {
        using var scope = NewDisposeScope();
        var inputs = ReadInputs(model, inputsFolder);
        model.eval();
        ModelOutput output;
        using (no_grad())
        {
            output = model.Forward(inputs, captureIntermediates: false);
        }

        var arrays = output.Logits.ToDictionary(kv => $"out_{kv.Key}.npy", kv => ToArray(kv.Value));
        arrays["out_emo_pred.npy"] = ToArray(nn.functional.softmax(output.Emotion, -1));
        arrays["out_int_pred.npy"] = ToArray(nn.functional.softmax(output.Intent, -1));

        Directory.CreateDirectory(outFolder);
        var written = new List<string>();
        foreach (var (name, array) in arrays.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(outFolder, name);
            NpyFile.Write(path, array);
            written.Add(path);
        }

        return written;
    }

    private static NpyArray ToArray(Tensor t) =>
        new(t.shape.Select(d => (int)d).ToArray(), t.contiguous().to(ScalarType.Float32).data<float>().ToArray());
}
