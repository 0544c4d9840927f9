using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>Timings of one benchmark run (milliseconds) and the process's resident memory.</summary>
/// <param name="TrainStepMs">Wall time of each timed training step (forward, loss, backward, clipping, Adam).</param>
/// <param name="InferenceMs">Wall time of each timed eval forward pass without gradients.</param>
/// <param name="WorkingSetAfterWarmup">Resident bytes after the warm-up steps.</param>
/// <param name="WorkingSetAtEnd">Resident bytes after the last training step.</param>
public sealed record ModelBenchmarkResult(IReadOnlyList<double> TrainStepMs, IReadOnlyList<double> InferenceMs, long WorkingSetAfterWarmup, long WorkingSetAtEnd)
{
    /// <summary>Median training step.</summary>
    public double TrainStepMedian => Median(TrainStepMs);

    /// <summary>Median inference pass.</summary>
    public double InferenceMedian => Median(InferenceMs);

    private static double Median(IReadOnlyList<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}

/// <summary>
/// Times a training step and an inference pass of a configuration on random inputs, the way the official
/// baseline was timed (batch 32, fixed frame counts per stream, Adam with betas (0.5, 0.999), CE on every head,
/// gradient norm clipped to 1.0 per sub-network). One dispose scope per step keeps memory flat.
/// </summary>
public static class ModelBenchmark
{
    /// <summary>Runs <paramref name="warmup"/> untimed and <paramref name="steps"/> timed steps of each kind.</summary>
    /// <param name="config">Model configuration.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="frames">Frames per stream name (streams not listed get 50).</param>
    /// <param name="steps">Timed steps.</param>
    /// <param name="warmup">Untimed steps first.</param>
    /// <param name="seed">Seed of the weights and inputs.</param>
    /// <param name="progress">Called after each step with (done, total).</param>
    public static ModelBenchmarkResult Run(ModelConfig config, int batch, IReadOnlyDictionary<string, int> frames, int steps, int warmup = 3, long seed = 0, Action<int, int>? progress = null)
    {
        using var model = MeijuModel.Create(config, seed);
        var gen = new Generator((ulong)seed + 1);
        var features = model.TokenStreams.ToDictionary(
            s => s.Name,
            s => randn([batch, frames.TryGetValue(s.Name, out var t) ? t : 50, config.InputDim(s)], generator: gen));
        var inputs = new ModelBatch(features);
        var emo = randint(config.EmotionClasses, [batch], generator: gen);
        var intent = randint(config.IntentClasses, [batch], generator: gen);
        var groups = model.ParameterGroups();
        using var optimizer = optim.Adam(model.parameters(), lr: 2e-4, beta1: 0.5, beta2: 0.999);

        var total = 2 * (warmup + steps);
        var done = 0;
        var train = new List<double>();
        long afterWarmup = 0;
        model.train();
        for (var i = 0; i < warmup + steps; i++)
        {
            var sw = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                var output = model.Forward(inputs);
                var loss = nn.functional.cross_entropy(output.Emotion, emo) + nn.functional.cross_entropy(output.Intent, intent);
                if (output.EmotionAuxiliary is { } ea && output.IntentAuxiliary is { } ia)
                {
                    loss = loss + nn.functional.cross_entropy(ea, emo) + nn.functional.cross_entropy(ia, intent);
                }

                optimizer.zero_grad();
                loss.backward();
                foreach (var (_, ps) in groups)
                {
                    nn.utils.clip_grad_norm_(ps, 1.0);
                }

                optimizer.step();
            }

            if (i >= warmup)
            {
                train.Add(sw.Elapsed.TotalMilliseconds);
            }
            else if (i == warmup - 1)
            {
                afterWarmup = Process.GetCurrentProcess().WorkingSet64;
            }

            progress?.Invoke(++done, total);
        }

        var atEnd = Process.GetCurrentProcess().WorkingSet64;
        var infer = new List<double>();
        model.eval();
        for (var i = 0; i < warmup + steps; i++)
        {
            var sw = Stopwatch.StartNew();
            using (NewDisposeScope())
            using (no_grad())
            {
                model.Forward(inputs);
            }

            if (i >= warmup)
            {
                infer.Add(sw.Elapsed.TotalMilliseconds);
            }

            progress?.Invoke(++done, total);
        }

        return new ModelBenchmarkResult(train, infer, afterWarmup, atEnd);
    }
}
