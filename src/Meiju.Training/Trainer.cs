using System.Diagnostics;
using System.Text.Json;
using Meiju.Data;
using Meiju.Labels;
using Meiju.Training.StandIns;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>
/// Trains a joint emotion–intent model in one or two stages (see <see cref="TrainingRecipe"/>), selecting each
/// stage's best epoch by validation JRBM and checkpointing after every epoch so that <c>--resume</c> continues
/// exactly where an interrupted run stopped.
/// </summary>
public static class Trainer
{
    /// <summary>File names inside a run folder.</summary>
    public const string CheckpointFile = "checkpoint.bin";

    /// <summary>Runs (or resumes) training. Returns early, with the last checkpoint kept, when cancelled.</summary>
    /// <exception cref="MeijuDataException">Bad config, data or checkpoint; nothing in the run folder is overwritten.</exception>
    public static TrainingResult Run(TrainingConfig config, TrainingRunOptions options, CancellationToken cancel = default)
    {
        config.Validate("config");
        var outDir = Path.GetFullPath(options.OutDir);
        var checkpointPath = Path.Combine(outDir, CheckpointFile);
        if (!options.Resume && (File.Exists(checkpointPath) || File.Exists(Path.Combine(outDir, "model.json"))))
        {
            throw new MeijuDataException(outDir, "run folder already holds a run; pass --resume to continue it or choose another --out");
        }

        var fingerprint = Checkpoint.Fingerprint(config, options.Seed);
        CheckpointHeader? resumeFrom = null;
        if (options.Resume)
        {
            resumeFrom = Checkpoint.ReadHeader(checkpointPath);
            if (resumeFrom.Fingerprint != fingerprint)
            {
                throw new MeijuDataException(checkpointPath, $"checkpoint was written for another config or seed (fingerprint {resumeFrom.Fingerprint}, this run {fingerprint}); use the same --config and --seed, or a new --out");
            }
        }

        // Open the data before touching the run folder, so bad input leaves it as it was.
        var train = FeatureSplit.Open(options.DataRoot, options.FeatureRoot, MeijuSplit.Train, config.Features);
        var valid = FeatureSplit.Open(options.DataRoot, options.FeatureRoot, MeijuSplit.Valid, config.Features);
        RequireLabels(train);
        RequireLabels(valid);

        if (options.Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var device = TrainingDevice.Select(options.Cpu);
        torch.manual_seed(options.Seed);
        if (device.type == DeviceType.CUDA)
        {
            torch.cuda.manual_seed_all(options.Seed);
        }

        using var model = JointModelFactory.Create(config);
        model.Module.to(device);
        var t = config.Training;
        var stages = config.Model.Joint ? new[] { TrainingStage.Stage1, TrainingStage.Stage2 } : [TrainingStage.Stage1];
        var schedules = new[] { t.Stage1, t.Stage2 };
        using var emoWeights = t.ClassWeights ? tensor(Losses.ClassWeights(train.Items.Select(u => u.Emotion), MeijuLabels.Emotion.Count)).to(device) : null;
        using var intWeights = t.ClassWeights ? tensor(Losses.ClassWeights(train.Items.Select(u => u.Intent), MeijuLabels.Intent.Count)).to(device) : null;

        var history = new List<EpochRecord>();
        var bestJrbm = new double[] { -1, -1 };
        var bestEpoch = new[] { -1, -1 };
        var startStage = 0;
        var startEpoch = 0;
        torch.optim.Optimizer? restoredOptimizer = null;
        if (resumeFrom is not null)
        {
            var header = Checkpoint.Restore(checkpointPath, fingerprint, model.Module, stage =>
            {
                restoredOptimizer = MakeOptimizer(model.Prepare((TrainingStage)stage, t.Recipe, training: true), t);
                return restoredOptimizer;
            });
            history.AddRange(header.History);
            bestJrbm = header.BestJrbm.ToArray();
            bestEpoch = header.BestEpoch.ToArray();
            startStage = header.Stage - 1;
            startEpoch = header.Epoch + 1;
            if (startEpoch >= schedules[startStage].Epochs)
            {
                startStage++;
                startEpoch = 0;
                restoredOptimizer?.Dispose();
                restoredOptimizer = null;
            }
        }

        Directory.CreateDirectory(outDir);
        if (resumeFrom is null)
        {
            config.Save(Path.Combine(outDir, "config.json"));
        }

        var batchesLeft = options.MaxBatches ?? int.MaxValue;
        for (var si = startStage; si < stages.Length; si++)
        {
            var stage = stages[si];
            var schedule = schedules[si];
            if (si > 0 && !(si == startStage && startEpoch > 0))
            {
                // Stage 2 starts from stage 1's best epoch: encoders and fusion trained, joint module and heads as initialised.
                Checkpoint.LoadWeights(BestWeightsPath(outDir, TrainingStage.Stage1), model.Module);
            }

            var groups = model.Prepare(stage, t.Recipe, training: true);
            var optimizer = (si == startStage ? restoredOptimizer : null) ?? MakeOptimizer(groups, t);
            var first = si == startStage ? startEpoch : 0;
            var batchesPerEpoch = (train.Count + t.BatchSize - 1) / t.BatchSize;
            for (var epoch = first; epoch < schedule.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                var lr = t.LearningRate * schedule.Factor(epoch);
                foreach (var g in optimizer.ParamGroups)
                {
                    g.LearningRate = lr;
                }

                model.Prepare(stage, t.Recipe, training: true);
                var order = EpochOrder.Permutation(options.Seed, (int)stage, epoch, train.Count);
                double lossSum = 0;
                var done = 0;
                foreach (var idx in EpochOrder.Batches(order, t.BatchSize))
                {
                    if (batchesLeft-- <= 0 || cancel.IsCancellationRequested)
                    {
                        optimizer.Dispose();
                        return new TrainingResult(false, history, null, -1, model.ParameterCount(stage));
                    }

                    using (var scope = NewDisposeScope())
                    {
                        using var batch = BatchBuilder.Build(train, idx, device, model.MinFrames);
                        var output = model.Forward(batch, stage);
                        var loss = Losses.CrossEntropy(output.Emotion, batch.Emotion, emoWeights)
                            + Losses.CrossEntropy(output.Intent, batch.Intent, intWeights);
                        if (output.AuxEmotion is not null && output.AuxIntent is not null && t.AuxLoss != AuxiliaryLoss.None && t.Recipe == TrainingRecipe.Baseline)
                        {
                            loss = loss + Losses.Focal(output.AuxEmotion, batch.Emotion, t.AuxLoss, t.FocalAlpha, t.FocalGamma)
                                + Losses.Focal(output.AuxIntent, batch.Intent, t.AuxLoss, t.FocalAlpha, t.FocalGamma);
                        }

                        optimizer.zero_grad();
                        loss.backward();
                        if (t.ClipNorm > 0)
                        {
                            foreach (var g in groups)
                            {
                                nn.utils.clip_grad_norm_(g.Parameters, t.ClipNorm);
                            }
                        }

                        optimizer.step();
                        lossSum += loss.item<float>();
                    }

                    done++;
                    options.Progress?.Invoke(new TrainingProgress((int)stage, stages.Length, epoch, schedule.Epochs, done, batchesPerEpoch, lossSum / done, history.LastOrDefault()?.Valid, bestJrbm[si]));
                }

                var predictions = Evaluator.Predict(model, stage, t.Recipe, valid, device, t.BatchSize);
                var scores = Evaluator.Score(predictions, t.Track);
                var record = new EpochRecord
                {
                    Stage = (int)stage,
                    Epoch = epoch,
                    LearningRate = lr,
                    TrainLoss = done == 0 ? 0 : lossSum / done,
                    Valid = scores,
                    Seconds = clock.Elapsed.TotalSeconds,
                };
                history.Add(record);
                if (scores.Jrbm > bestJrbm[si])
                {
                    bestJrbm[si] = scores.Jrbm;
                    bestEpoch[si] = epoch;
                    Checkpoint.SaveWeights(BestWeightsPath(outDir, stage), model.Module);
                    RunFiles.WritePredictions(Path.Combine(outDir, $"valid_predictions_stage{(int)stage}.csv"), predictions);
                }

                var header = new CheckpointHeader
                {
                    Fingerprint = fingerprint,
                    Stage = (int)stage,
                    Epoch = epoch,
                    History = history.ToArray(),
                    BestJrbm = bestJrbm.ToArray(),
                    BestEpoch = bestEpoch.ToArray(),
                };
                Checkpoint.Save(checkpointPath, header, model.Module, optimizer);
                RunFiles.WriteMetrics(outDir, history);
                options.Progress?.Invoke(new TrainingProgress((int)stage, stages.Length, epoch, schedule.Epochs, done, batchesPerEpoch, record.TrainLoss, scores, bestJrbm[si]));
            }

            optimizer.Dispose();
        }

        var last = stages[^1];
        var li = stages.Length - 1;
        var best = history.First(h => h.Stage == (int)last && h.Epoch == bestEpoch[li]).Valid;
        var card = new ModelCard
        {
            Name = config.Name,
            Weights = Path.GetFileName(BestWeightsPath(outDir, last)),
            Stage = (int)last,
            Epoch = bestEpoch[li],
            Seed = options.Seed,
            Parameters = model.ParameterCount(last),
            Valid = best,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "model.json"), JsonSerializer.Serialize(card, TrainingConfig.Json));
        return new TrainingResult(true, history, best, bestEpoch[li], card.Parameters);
    }

    /// <summary>The best-epoch weights file of <paramref name="stage"/> in a run folder.</summary>
    public static string BestWeightsPath(string outDir, TrainingStage stage) => Path.Combine(outDir, $"best_stage{(int)stage}.bin");

    private static torch.optim.Optimizer MakeOptimizer(IReadOnlyList<ParameterGroup> groups, TrainingOptions t) =>
        torch.optim.Adam(groups.SelectMany(g => g.Parameters), t.LearningRate, t.Beta1, t.Beta2, 1e-8, t.WeightDecay);

    private static void RequireLabels(FeatureSplit split)
    {
        var unlabelled = split.Items.FirstOrDefault(u => !u.IsLabelled);
        if (unlabelled is not null)
        {
            throw new MeijuDataException(split.LabelPath, $"utterance '{unlabelled.Name}' has no labels; training and validation lists need '<name> <emotion> <intent>'", unlabelled.Line);
        }
    }
}
