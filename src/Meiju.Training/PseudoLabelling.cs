using System.Globalization;
using System.Text.Json;
using Meiju.Data;
using Meiju.Metrics;

namespace Meiju.Training;

/// <summary>One round of pseudo-labelling: how many pool utterances were predicted and kept.</summary>
/// <param name="Round">1-based round.</param>
/// <param name="Pool">Unlabelled utterances predicted.</param>
/// <param name="Kept">Pseudo-labels added to the training list.</param>
/// <param name="PerClass">Kept pseudo-labels per predicted emotion class name.</param>
public sealed record PseudoLabelRound(int Round, int Pool, int Kept, IReadOnlyDictionary<string, int> PerClass);

/// <summary>
/// Iterative pseudo-labelling (self-training): train on the labelled list (round 0), predict the unlabelled pool
/// (<see cref="UnlabelledPool"/>), keep the utterances whose emotion and intent confidences both reach
/// <see cref="PseudoLabelOptions.Threshold"/> (at most <see cref="PseudoLabelOptions.MaxPerClass"/> per predicted
/// emotion, most confident first), retrain from scratch on labelled + kept, and repeat for
/// <see cref="PseudoLabelOptions.Rounds"/> rounds, each round labelling the pool with the previous round's model.
/// </summary>
/// <remarks>
/// Layout of the output folder: <c>round0/</c> (the labelled-only run), and per round <c>round&lt;r&gt;/data/</c>
/// (its training list, validation list, label sets), <c>round&lt;r&gt;/pseudo-labels.csv</c> and
/// <c>round&lt;r&gt;/run/</c>. Finished rounds are reused, so an interrupted job continues.
/// </remarks>
public static class PseudoLabelling
{
    /// <summary>Runs every round and returns the final run folder with the per-round counts.</summary>
    /// <exception cref="MeijuDataException">No unlabelled pool, or bad config or data.</exception>
    public static (string RunDir, IReadOnlyList<PseudoLabelRound> Rounds) Run(TrainingConfig config, TrainingRunOptions options, CancellationToken cancel = default)
    {
        var pl = config.Training.PseudoLabel ?? throw new ArgumentException("the config has no pseudoLabel section");
        if (pl.Rounds < 1 || pl.Threshold is < 0 or > 1 || pl.MaxPerClass < 0)
        {
            throw new MeijuDataException(config.Name, "pseudoLabel: rounds must be >= 1, threshold in [0, 1], maxPerClass >= 0");
        }

        var pool = UnlabelledPool.Find(options.DataRoot)
            ?? throw new MeijuDataException(options.DataRoot, $"no unlabelled pool ({UnlabelledPool.ListFile} or {UnlabelledPool.Folder}/) for pseudo-labelling");
        var dataset = MeijuDataset.Open(options.DataRoot, options.FeatureRoot, []);
        var featureRoot = dataset.FeatureRoot;
        var trainList = dataset[MeijuSplit.Train].LabelFile;
        var validList = dataset[MeijuSplit.Valid].LabelFile;
        var plain = config with { Training = config.Training with { PseudoLabel = null } };
        var outDir = Path.GetFullPath(options.OutDir);

        var previous = Path.Combine(outDir, "round0");
        FinishedRun.Ensure(plain, options with { OutDir = previous, FeatureRoot = featureRoot }, cancel);
        var rounds = new List<PseudoLabelRound>();
        for (var r = 1; r <= pl.Rounds; r++)
        {
            var roundDir = Path.Combine(outDir, $"round{r}");
            var dataDir = Path.Combine(roundDir, "data");
            var runDir = Path.Combine(roundDir, "run");
            var statsPath = Path.Combine(roundDir, "pseudo-labels.json");
            PseudoLabelRound stats;
            if (File.Exists(statsPath))
            {
                stats = JsonSerializer.Deserialize<PseudoLabelRound>(File.ReadAllText(statsPath), TrainingConfig.Json)!;
            }
            else
            {
                var kept = Label(previous, pool, dataset, featureRoot, roundDir, pl, options, config.Training.BatchSize);
                Directory.CreateDirectory(dataDir);
                AtomicFile.WriteAllLines(Path.Combine(dataDir, "Training_files.txt"), File.ReadLines(trainList).Concat(kept.Select(k =>
                    $"{k.Name}.mp4 {dataset.Emotion[k.Emotion]} {dataset.Intent[k.Intent]}")));
                AtomicFile.WriteAllLines(Path.Combine(dataDir, "Validation_files.txt"), File.ReadLines(validList));
                DatasetLabelSets.Write(dataDir, dataset.Emotion, dataset.Intent);
                AtomicFile.WriteAllLines(Path.Combine(roundDir, "pseudo-labels.csv"), kept.Select(k => string.Create(CultureInfo.InvariantCulture,
                    $"{k.Name},{dataset.Emotion[k.Emotion]},{dataset.Intent[k.Intent]},{k.Confidence:F4}")).Prepend("filename,emotion,intent,confidence"));
                stats = new PseudoLabelRound(r, pool.Count, kept.Count,
                    kept.GroupBy(k => dataset.Emotion[k.Emotion]).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
                AtomicFile.WriteAllText(statsPath, JsonSerializer.Serialize(stats, TrainingConfig.Json));
            }

            rounds.Add(stats);
            FinishedRun.Ensure(plain, options with { DataRoot = dataDir, FeatureRoot = featureRoot, OutDir = runDir }, cancel);
            previous = runDir;
        }

        return (previous, rounds);
    }

    /// <summary>
    /// The pseudo-labels of one round: pool utterances whose emotion and intent top probabilities both reach the
    /// threshold, at most <see cref="PseudoLabelOptions.MaxPerClass"/> per predicted emotion (most confident first;
    /// confidence = the smaller of the two), in pool order.
    /// </summary>
    public static IReadOnlyList<(string Name, int Emotion, int Intent, double Confidence)> Select(SplitLogits pool, PseudoLabelOptions options)
    {
        var candidates = new List<(int Index, int Emotion, int Intent, double Confidence)>();
        for (var k = 0; k < pool.Count; k++)
        {
            var pe = Calibration.Softmax(pool.Emotion[k]);
            var pi = Calibration.Softmax(pool.Intent[k]);
            var e = DecisionBiases.Argmax(pool.Emotion[k], null);
            var i = DecisionBiases.Argmax(pool.Intent[k], null);
            var confidence = Math.Min(pe[e], pi[i]);
            if (confidence >= options.Threshold)
            {
                candidates.Add((k, e, i, confidence));
            }
        }

        var kept = candidates.GroupBy(c => c.Emotion)
            .SelectMany(g => options.MaxPerClass > 0 ? g.OrderByDescending(c => c.Confidence).ThenBy(c => c.Index).Take(options.MaxPerClass) : g)
            .OrderBy(c => c.Index);
        return kept.Select(c => (pool.Names[c.Index], c.Emotion, c.Intent, c.Confidence)).ToArray();
    }

    private static IReadOnlyList<(string Name, int Emotion, int Intent, double Confidence)> Label(
        string modelDir, IReadOnlyList<string> pool, MeijuDataset dataset, string featureRoot, string roundDir, PseudoLabelOptions pl, TrainingRunOptions options, int batchSize)
    {
        using var model = TrainedModel.Load(modelDir, options.Cpu);
        var poolRoot = Path.Combine(roundDir, "pool");
        Directory.CreateDirectory(poolRoot);
        AtomicFile.WriteAllLines(Path.Combine(poolRoot, "Testing_files.txt"), pool.Select(n => n + ".mp4"));
        DatasetLabelSets.Write(poolRoot, dataset.Emotion, dataset.Intent);
        var split = TrainingSplit.Open(poolRoot, featureRoot, MeijuSplit.Test, model.Streams, requireLabels: false, cacheBudgetBytes: 0);
        return Select(model.Logits(split, batchSize), pl);
    }
}
