using System.Diagnostics;
using System.Text.Json;
using Meiju.Data;
using Meiju.Labels;
using Meiju.Metrics;
using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>
/// Trains a joint emotion–intent model in one or two stages (see <see cref="TrainingRecipe"/>), selecting each
/// stage's best epoch by validation JRBM and checkpointing after every epoch so that <c>--resume</c> continues
/// exactly where an interrupted run stopped.
/// </summary>
/// <remarks>
/// Run folder: <c>train-config.json</c>, <c>checkpoint.bin</c> (last epoch: weights, optimizer, RNG, history),
/// <c>best_stage1/</c> and <c>best_stage2/</c> (model folders of each stage's best epoch), <c>model.json</c> (the
/// selected model, written when the run completes), <c>metrics.csv</c>/<c>metrics.json</c>,
/// <c>valid_predictions_stage*.csv</c>, <c>learning-curve.png</c> and the confusion heatmaps.
/// Torch's generator is process-wide: run one training per process at a time.
/// </remarks>
public static class Trainer
{
    /// <summary>The checkpoint file of a run folder.</summary>
    public const string CheckpointFile = "checkpoint.bin";

    /// <summary>The run's training config inside the run folder.</summary>
    public const string ConfigFile = "train-config.json";

    /// <summary>Runs (or resumes) training. Returns early, with the last checkpoint kept, when cancelled.</summary>
    /// <exception cref="MeijuDataException">Bad config, data or checkpoint; nothing in the run folder is overwritten.</exception>
    public static TrainingResult Run(TrainingConfig config, TrainingRunOptions options, CancellationToken cancel = default)
    {
        if (config.Training.PseudoLabel is not null)
        {
            throw new MeijuDataException(config.Name, "the config has a pseudoLabel section: train it with PseudoLabelling.Run (meiju train does), which trains one run per round");
        }

        config.Validate(config.Name);
        var outDir = Path.GetFullPath(options.OutDir);
        var checkpointPath = Path.Combine(outDir, CheckpointFile);
        if (!options.Resume && (File.Exists(checkpointPath) || File.Exists(Path.Combine(outDir, TrainedModel.CardFile))))
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
        var t = config.Training;
        var streams = TrainingStream.Of(config.Model);
        var minFrames = TrainingStream.MinFrames(config.Model);
        var train = TrainingSplit.Open(options.DataRoot, options.FeatureRoot, MeijuSplit.Train, streams, requireLabels: true, t.FeatureCacheBytes);
        var valid = TrainingSplit.Open(options.DataRoot, options.FeatureRoot, MeijuSplit.Valid, streams, requireLabels: true, t.FeatureCacheBytes);
        train.CheckFits(config.Model);

        if (options.Threads is { } threads)
        {
            set_num_threads(threads);
        }

        var device = TrainingDevice.Select(options.Cpu);
        if (device.type == DeviceType.CUDA)
        {
            cuda.manual_seed_all(options.Seed);
        }

        var stages = StagePlan.Stages(config);
        var schedules = new[] { t.Stage1, t.Stage2 };
        // One weight per logit: the model's class counts, which differ from MEIJU's for other label sets (DailyDialog's 4 acts).
        using var emoWeights = t.ClassWeights ? tensor(Losses.ClassWeights(train.Items.Select(u => u.Emotion), config.Model.EmotionClasses), device: device) : null;
        using var intWeights = t.ClassWeights ? tensor(Losses.ClassWeights(train.Items.Select(u => u.Intent), config.Model.IntentClasses), device: device) : null;
        using var emoPrior = t.LogitAdjustment is not null ? tensor(Losses.LogPriors(train.Items.Select(u => u.Emotion), config.Model.EmotionClasses), device: device) : null;
        using var intPrior = t.LogitAdjustment is not null ? tensor(Losses.LogPriors(train.Items.Select(u => u.Intent), config.Model.IntentClasses), device: device) : null;
        var emotionLabels = train.Items.Select(u => u.Emotion).ToArray();

        var history = new List<EpochRecord>();
        var bestJrbm = new double[] { -1, -1 };
        var bestEpoch = new[] { -1, -1 };
        var startStage = 0;
        var startEpoch = 0;
        if (resumeFrom is not null)
        {
            history.AddRange(resumeFrom.History);
            bestJrbm = resumeFrom.BestJrbm.ToArray();
            bestEpoch = resumeFrom.BestEpoch.ToArray();
            startStage = resumeFrom.Stage - 1;
            startEpoch = resumeFrom.Epoch + 1;
            if (startEpoch >= schedules[startStage].Epochs)
            {
                startStage++;
                startEpoch = 0;
            }
        }

        Directory.CreateDirectory(outDir);
        if (resumeFrom is null)
        {
            config.Save(Path.Combine(outDir, ConfigFile));
        }

        var batchesLeft = options.MaxBatches ?? int.MaxValue;
        var trainLengths = t.LengthBuckets ? train.Lengths() : null;
        var validLengths = t.LengthBuckets ? valid.Lengths() : null;
        var batchesPerEpoch = trainLengths is null
            ? (train.Count + t.BatchSize - 1) / t.BatchSize
            : EpochOrder.BucketedBatches(EpochOrder.Permutation(options.Seed, 1, 0, train.Count), trainLengths, t.BatchSize, 0).Count;
        JointReport? bestReport = null;
        for (var si = startStage; si < stages.Count; si++)
        {
            var stage = stages[si];
            var number = StagePlan.Number(stage);
            var schedule = schedules[si];
            var continuing = resumeFrom is not null && si == startStage && startEpoch > 0;
            MeijuModel model;
            if (stage == ModelStage.Joint && !continuing)
            {
                // Stage 2 starts from stage 1's best epoch: encoders and fusion trained, joint module and heads fresh.
                using var pretrained = ModelCheckpoint.Load(BestModelPath(outDir, 1));
                model = StagePlan.Create(config, stage, options.Seed);
                model.InitializeFromPretrained(pretrained);
            }
            else
            {
                model = StagePlan.Create(config, stage, options.Seed);
            }

            using var modelScope = model;
            model.to(device);
            var groups = StagePlan.Prepare(model, t.Recipe, training: true);
            using var optimizer = new Optimization.Adam(groups.SelectMany(g => g.Parameters), t.LearningRate, t.Beta1, t.Beta2, 1e-8, t.WeightDecay);
            if (continuing)
            {
                Checkpoint.LoadState(checkpointPath, model, optimizer);
            }

            for (var epoch = si == startStage ? startEpoch : 0; epoch < schedule.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                var lr = t.LearningRate * schedule.Factor(epoch);
                foreach (var g in optimizer.ParamGroups)
                {
                    g.LearningRate = lr;
                }

                StagePlan.Prepare(model, t.Recipe, training: true);
                var order = t.Sampling == BatchSampling.Balanced
                    ? BalancedSampler.Epoch(options.Seed, number, epoch, emotionLabels, train.Count)
                    : EpochOrder.Permutation(options.Seed, number, epoch, train.Count);
                var batches = trainLengths is null
                    ? EpochOrder.Batches(order, t.BatchSize)
                    : EpochOrder.BucketedBatches(order, trainLengths, t.BatchSize, options.Seed ^ (number * 7919L + epoch));
                var augmentRng = t.Augmentation is null ? null : new SplitMix(options.Seed, number, epoch, 0xA06);
                double lossSum = 0;
                var done = 0;
                foreach (var idx in batches)
                {
                    if (batchesLeft-- <= 0 || cancel.IsCancellationRequested)
                    {
                        return new TrainingResult(false, history, null, -1, model.ParameterCount);
                    }

                    var loss = Step(model, optimizer, groups, train, idx, device, minFrames, t, emoWeights, intWeights, emoPrior, intPrior, augmentRng);
                    if (!double.IsFinite(loss))
                    {
                        throw Diverged(checkpointPath, $"the loss became {loss} at stage {number} epoch {epoch + 1} batch {done + 1}");
                    }

                    lossSum += loss;
                    done++;
                    options.Progress?.Invoke(new TrainingProgress(number, stages.Count, epoch, schedule.Epochs, done, batchesPerEpoch, lossSum / done, history.LastOrDefault()?.Valid, bestJrbm[si]));
                }

                if (FiniteWeights.FirstNonFinite(model) is { } bad)
                {
                    throw Diverged(checkpointPath, $"weight '{bad}' became NaN or Inf in stage {number} epoch {epoch + 1}");
                }

                var logits = Evaluator.PredictLogits(model, valid, device, t.BatchSize, minFrames, validLengths);
                var predictions = logits.ToPredictions();
                var report = predictions.Report(config.Track, valid.EmotionLabels, valid.IntentLabels);
                var scores = Evaluator.Scores(report);
                var record = new EpochRecord
                {
                    Stage = number,
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
                    bestReport = report;
                    ModelCheckpoint.Save(model, BestModelPath(outDir, number));
                    RunFiles.WritePredictions(Path.Combine(outDir, $"valid_predictions_stage{number}.csv"), predictions, valid.EmotionLabels, valid.IntentLabels);
                    logits.Save(ValidLogitsPrefix(outDir, number));
                }

                var header = new CheckpointHeader
                {
                    Fingerprint = fingerprint,
                    Stage = number,
                    Epoch = epoch,
                    History = history.ToArray(),
                    BestJrbm = bestJrbm.ToArray(),
                    BestEpoch = bestEpoch.ToArray(),
                };
                Checkpoint.Save(checkpointPath, header, model, optimizer);
                RunFiles.WriteMetrics(outDir, history);
                options.Progress?.Invoke(new TrainingProgress(number, stages.Count, epoch, schedule.Epochs, done, batchesPerEpoch, record.TrainLoss, scores, bestJrbm[si]));
            }
        }

        var li = stages.Count - 1;
        var lastNumber = StagePlan.Number(stages[li]);
        var best = history.Last(h => h.Stage == lastNumber && h.Epoch == bestEpoch[li]).Valid;
        long parameters;
        using (var selected = ModelCheckpoint.Load(BestModelPath(outDir, lastNumber)))
        {
            parameters = selected.ParameterCount;
            if (options.Charts)
            {
                bestReport ??= Evaluator.Predict(selected, valid, TrainingDevice.Select(options.Cpu), t.BatchSize, minFrames, validLengths).Report(config.Track, valid.EmotionLabels, valid.IntentLabels);
                RunFiles.WriteCharts(outDir, history, bestReport);
            }
        }

        if (t.Calibration is { } calibrate)
        {
            ScoreCalibration.Fit(SplitLogits.Load(ValidLogitsPrefix(outDir, lastNumber)), calibrate, config.Track).Write(outDir);
        }

        var card = new ModelCard
        {
            Name = config.Name,
            Weights = Path.GetFileName(BestModelPath(outDir, lastNumber)),
            Stage = lastNumber,
            Epoch = bestEpoch[li],
            Seed = options.Seed,
            Track = t.Track,
            Parameters = parameters,
            Valid = best,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, TrainedModel.CardFile), JsonSerializer.Serialize(card, TrainingConfig.Json));
        return new TrainingResult(true, history, best, bestEpoch[li], parameters);
    }

    /// <summary>
    /// The error for a run whose loss or weights stopped being finite. Nothing of the diverged epoch is saved, so the
    /// checkpoint (if any epoch finished) still holds the last good epoch.
    /// </summary>
    private static MeijuDataException Diverged(string checkpointPath, string what) =>
        new(Path.GetDirectoryName(checkpointPath)!, "training diverged: " + what + "; nothing of this epoch was saved. "
            + (File.Exists(checkpointPath)
                ? $"{CheckpointFile} and the best_stage folders keep the last good epoch; start a new run with a lower learningRate, or check the features with 'meiju dataset validate'"
                : "No epoch had finished, so there is nothing to resume: lower learningRate or check the features with 'meiju dataset validate'"));

    /// <summary>
    /// Path prefix of the selected epoch's validation logits of stage <paramref name="stage"/>
    /// (<see cref="SplitLogits.Save"/>), written next to <c>valid_predictions_stage&lt;N&gt;.csv</c>.
    /// </summary>
    public static string ValidLogitsPrefix(string outDir, int stage) => Path.Combine(outDir, $"valid_stage{stage}");

    /// <summary>The best-epoch model folder of stage <paramref name="stage"/> (1 or 2) in a run folder.</summary>
    public static string BestModelPath(string outDir, int stage) => Path.Combine(outDir, $"best_stage{stage}");

    /// <summary>
    /// One optimisation step on the batch <paramref name="indices"/>: forward, loss, backward, per-sub-network
    /// clipping, Adam. Every tensor made here is freed when it returns (one dispose scope per batch).
    /// </summary>
    /// <returns>The batch loss.</returns>
    public static double Step(
        MeijuModel model, optim.Optimizer optimizer, IReadOnlyList<ParameterGroup> groups, TrainingSplit split, IReadOnlyList<int> indices,
        Device device, int minFrames, TrainingOptions t, Tensor? emoWeights, Tensor? intWeights,
        Tensor? emoLogPrior = null, Tensor? intLogPrior = null, SplitMix? augmentRng = null)
    {
        using var scope = NewDisposeScope();
        using var batch = BatchBuilder.Build(split, indices, device, minFrames);
        return Step(model, optimizer, groups, batch, t, emoWeights, intWeights, emoLogPrior, intLogPrior, augmentRng);
    }

    /// <summary>
    /// One optimisation step on a built batch (see the other overload); used by benchmarks too. The main loss
    /// follows <paramref name="t"/> (<see cref="Losses.Main"/>); with <paramref name="augmentRng"/> and
    /// <see cref="TrainingOptions.Augmentation"/> the batch is augmented first, and with mixup each loss is the
    /// λ-mix of the losses against both partners' labels.
    /// </summary>
    /// <returns>The batch loss.</returns>
    public static double Step(
        MeijuModel model, optim.Optimizer optimizer, IReadOnlyList<ParameterGroup> groups, FeatureBatch batch, TrainingOptions t, Tensor? emoWeights, Tensor? intWeights,
        Tensor? emoLogPrior = null, Tensor? intLogPrior = null, SplitMix? augmentRng = null)
    {
        using var scope = NewDisposeScope();
        var augmented = t.Augmentation is { } aug && augmentRng is not null ? FeatureAugmentation.Apply(batch.Input, aug, augmentRng) : null;
        var output = model.forward(augmented?.Input ?? batch.Input);
        Tensor Mixed(Tensor logits, Tensor target, Tensor? weights, Tensor? prior) => augmented?.Partner is { } partner
            ? Losses.Main(logits, target, t, weights, prior).Times(augmented.Lambda).Plus(Losses.Main(logits, target.index_select(0, partner), t, weights, prior).Times(1 - augmented.Lambda))
            : Losses.Main(logits, target, t, weights, prior);
        var loss = Mixed(output.Emotion, batch.Emotion, emoWeights, emoLogPrior)
            .Plus(Mixed(output.Intent, batch.Intent, intWeights, intLogPrior));
        if (output.EmotionAuxiliary is { } auxE && output.IntentAuxiliary is { } auxI && t.AuxLoss != AuxiliaryLoss.None && t.Recipe == TrainingRecipe.Baseline && augmented?.Partner is null)
        {
            loss = loss.Plus(Losses.Focal(auxE, batch.Emotion, t.AuxLoss, t.FocalAlpha, t.FocalGamma))
                .Plus(Losses.Focal(auxI, batch.Intent, t.AuxLoss, t.FocalAlpha, t.FocalGamma));
        }

        optimizer.zero_grad();
        loss.backward();
        if (t.ClipNorm > 0)
        {
            // A sub-network without parameters (a 0-layer fusion encoder) has nothing to clip. (The intermittent
            // crashes once seen in Adam's addcmul_ were TorchSharp's temporary Scalars: see TorchScalars.)
            foreach (var g in groups.Where(g => g.Parameters.Count > 0))
            {
                nn.utils.clip_grad_norm_(g.Parameters, t.ClipNorm);
            }
        }

        optimizer.step();
        return loss.item<float>();
    }
}
