using System.Diagnostics;
using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>
/// Times a training step and an inference pass of a model config on random inputs (the reference protocol:
/// batch 32, 2 threads, median of 20), and traces resident memory over a long run of training steps.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>Runs the timings for both stages and every shape, then the memory trace on the first shape (stage 2).</summary>
    public static (IReadOnlyList<BenchmarkTiming> Timings, MemoryTrace? Memory) Run(TrainingBenchmarkOptions o, CancellationToken cancel = default)
    {
        set_num_threads(o.Threads);
        var config = TrainingConfig.Load(o.Config);
        var timings = new List<BenchmarkTiming>();
        foreach (var stage in new[] { ModelStage.Pretrain, ModelStage.Joint })
        {
            foreach (var shape in o.Shapes)
            {
                cancel.ThrowIfCancellationRequested();
                using var model = StagePlan.Create(config, stage, 0);
                var groups = StagePlan.Prepare(model, TrainingRecipe.Baseline, training: true);
                using var optimizer = new Optimization.Adam(groups.SelectMany(g => g.Parameters), 2e-4, 0.5, 0.999, 1e-8, 0);
                using var batch = RandomBatch(config.Model, shape, o.Batch, 1);
                var train = new List<double>();
                for (var i = 0; i < o.Warmup + o.Steps; i++)
                {
                    var clock = Stopwatch.StartNew();
                    Trainer.Step(model, optimizer, groups, batch, config.Training, null, null);
                    if (i >= o.Warmup)
                    {
                        train.Add(clock.Elapsed.TotalMilliseconds);
                    }

                    o.Progress?.Invoke($"stage {StagePlan.Number(stage)} {Text(shape)} train step {i + 1}/{o.Warmup + o.Steps}");
                }

                model.eval();
                var infer = new List<double>();
                using (no_grad())
                {
                    for (var i = 0; i < o.Warmup + o.Steps; i++)
                    {
                        var clock = Stopwatch.StartNew();
                        using (NewDisposeScope())
                        {
                            var output = model.forward(batch.Input);
                            _ = output.Emotion.argmax(1).data<long>()[0] + output.Intent.argmax(1).data<long>()[0];
                        }

                        if (i >= o.Warmup)
                        {
                            infer.Add(clock.Elapsed.TotalMilliseconds);
                        }

                        o.Progress?.Invoke($"stage {StagePlan.Number(stage)} {Text(shape)} inference {i + 1}/{o.Warmup + o.Steps}");
                    }
                }

                timings.Add(new BenchmarkTiming(StagePlan.Number(stage), Text(shape), Summary(train), Summary(infer), model.ParameterCount));
            }
        }

        MemoryTrace? memory = null;
        if (o.MemorySteps > 0)
        {
            var shape = o.Shapes[0];
            using var model = StagePlan.Create(config, ModelStage.Joint, 0);
            var groups = StagePlan.Prepare(model, TrainingRecipe.Baseline, training: true);
            using var optimizer = new Optimization.Adam(groups.SelectMany(g => g.Parameters), 2e-4, 0.5, 0.999, 1e-8, 0);
            var samples = new List<(int, double)>();
            var every = Math.Max(1, o.MemorySteps / 25);
            for (var i = 1; i <= o.MemorySteps; i++)
            {
                cancel.ThrowIfCancellationRequested();
                // A fresh batch per step, built and freed as in training, so leaks in batching would show too.
                using (NewDisposeScope())
                {
                    using var batch = RandomBatch(config.Model, shape, o.Batch, i);
                    Trainer.Step(model, optimizer, groups, batch, config.Training, null, null);
                }

                if (i == 1 || i % every == 0)
                {
                    using var self = Process.GetCurrentProcess();
                    samples.Add((i, self.WorkingSet64 / 1048576.0));
                }

                o.Progress?.Invoke($"memory run step {i}/{o.MemorySteps}");
            }

            memory = new MemoryTrace(Text(shape), samples);
        }

        return (timings, memory);
    }

    /// <summary>A batch of standard-normal features with the config's widths and random labels, from a fixed seed.</summary>
    public static FeatureBatch RandomBatch(ModelConfig model, (int A, int V, int L) frames, int batch, long seed)
    {
        using var generator = new Generator((ulong)seed);
        var features = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var lengths = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var s in model.TokenStreams)
        {
            var t = s.Modality.ToUpperInvariant() switch { "A" => frames.A, "V" => frames.V, _ => frames.L };
            features[s.Name] = randn([batch, t, model.InputDim(s)], generator: generator).DetachFromDisposeScope();
            lengths[s.Name] = TorchScalars.Filled(batch, t).DetachFromDisposeScope();
        }

        var emo = randint(model.EmotionClasses, [batch], generator: generator).DetachFromDisposeScope();
        var intent = randint(model.IntentClasses, [batch], generator: generator).DetachFromDisposeScope();
        return new FeatureBatch(Enumerable.Range(0, batch).Select(i => $"u{i}").ToArray(), new ModelBatch(features, lengths), emo, intent);
    }

    private static string Text((int A, int V, int L) s) => $"{s.A}/{s.V}/{s.L}";

    private static (double Median, double Min, double Max) Summary(List<double> v)
    {
        var sorted = v.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return (median, sorted[0], sorted[^1]);
    }
}
