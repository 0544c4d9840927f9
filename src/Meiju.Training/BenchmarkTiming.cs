using System.Diagnostics;
using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>Timings of one model stage and input shape.</summary>
/// <param name="Stage">Stage 1 (pretrain) or 2 (joint).</param>
/// <param name="Frames">A/V/L frames.</param>
/// <param name="TrainMs">Training step (forward, loss, backward, clipping, Adam) in ms: median, min, max.</param>
/// <param name="InferMs">Inference pass (eval, no gradients) in ms: median, min, max.</param>
/// <param name="Parameters">Parameters of the model.</param>
public sealed record BenchmarkTiming(int Stage, string Frames, (double Median, double Min, double Max) TrainMs, (double Median, double Min, double Max) InferMs, long Parameters);
