using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Meiju.Data;
using Meiju.IO;
using Meiju.Metrics;

namespace Meiju.Training;

/// <summary>Options of <see cref="TextBenchmark.Run"/>.</summary>
public sealed record TextBenchmarkOptions
{
    /// <summary>Dataset folder (label lists and <c>labelsets.json</c>, e.g. an imported DailyDialog).</summary>
    public required string DataRoot { get; init; }

    /// <summary>Feature root; default as <see cref="TrainingRunOptions.FeatureRoot"/>.</summary>
    public string? FeatureRoot { get; init; }

    /// <summary>Folder of the runs (<c>&lt;joint|nojoint&gt;/seed&lt;N&gt;</c>) and the tables.</summary>
    public required string OutDir { get; init; }

    /// <summary>Seeds per configuration.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>The first seed; the others follow.</summary>
    public long FirstSeed { get; init; } = 1;

    /// <summary>Epochs per stage instead of the config's.</summary>
    public int? Epochs { get; init; }

    /// <summary>Torch CPU threads.</summary>
    public int? Threads { get; init; }

    /// <summary>Use the CPU even with CUDA.</summary>
    public bool Cpu { get; init; }

    /// <summary>
    /// The emotion class left out of the field's micro-F1 (DailyDialog's 'no emotion', which the dailydialog-emotion
    /// set calls neutral); null when the dataset has no such convention.
    /// </summary>
    public string? ExcludedEmotion { get; init; } = "neutral";

    /// <summary>Called before each run with a description, its 1-based index and the total.</summary>
    public Action<string, int, int>? OnRun { get; init; }

    /// <summary>Per-batch progress of the run in flight.</summary>
    public Action<TrainingProgress>? Progress { get; init; }
}

/// <summary>Validation scores of one trained run, in the challenge's and the field's conventions.</summary>
/// <param name="Joint">Whether the joint module was trained (second stage).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="EmotionWeightedF1">Emotion weighted F1 over the classes that occur (sklearn default).</param>
/// <param name="IntentWeightedF1">Intent (dialogue act) weighted F1.</param>
/// <param name="Jrbm">JRBM of the two weighted F1s.</param>
/// <param name="EmotionMicroF1Excluding">Emotion micro F1 over every class but the excluded one (NaN when none is).</param>
/// <param name="EmotionMacroF1">Emotion macro F1 over the classes that occur.</param>
/// <param name="Seconds">Wall time of training and selection (0 when the run was already done before).</param>
/// <param name="BestEpoch">Selected epoch (0-based) of the last stage.</param>
/// <param name="Parameters">Trainable parameters of the selected model.</param>
public sealed record TextBenchmarkRun(
    bool Joint, long Seed, double EmotionWeightedF1, double IntentWeightedF1, double Jrbm, double EmotionMicroF1Excluding,
    double EmotionMacroF1, double Seconds, int BestEpoch, long Parameters);

/// <summary>
/// Trains a text-only configuration with and without the joint module over several seeds and scores each selected
/// model on the validation split with the dataset's own label sets: weighted F1 of both tasks and their JRBM (the
/// challenge's Track 1 convention) and the field's emotion micro-F1 without the 'no emotion' class.
/// </summary>
/// <remarks>
/// Model selection follows the trainer (best validation JRBM), as the challenge baseline does, so the scores are
/// the best epoch's on validation: optimistic against a held-out test split. Runs already finished in
/// <see cref="TextBenchmarkOptions.OutDir"/> are reused, and an interrupted one resumes.
/// </remarks>
public static class TextBenchmark
{
    private const string ScoresFile = "scores.json";

    /// <summary>Trains (or reuses) every run and returns their scores, without the joint module first.</summary>
    /// <exception cref="MeijuDataException">Bad config or data.</exception>
    public static IReadOnlyList<TextBenchmarkRun> Run(TrainingConfig config, TextBenchmarkOptions options, CancellationToken cancel = default)
    {
        if (options.Seeds < 1)
        {
            throw new ArgumentException("--seeds must be at least 1");
        }

        if (options.Epochs is { } e)
        {
            config = config.WithEpochs(e);
        }

        var (emotionSet, intentSet) = DatasetLabelSets.Read(options.DataRoot);
        var excluded = options.ExcludedEmotion is { } name ? emotionSet.IndexOf(name) : -1;
        if (options.ExcludedEmotion is not null && excluded < 0)
        {
            throw new MeijuDataException(options.DataRoot, $"emotion label set '{emotionSet.Name}' has no class '{options.ExcludedEmotion}' to exclude");
        }

        var runs = new List<TextBenchmarkRun>();
        var total = 2 * options.Seeds;
        var index = 0;
        // Joint runs first: stage 1 of a joint run is, seed for seed, the whole of the run without the joint module
        // (same seed, same batches, bit-identical weights), so the "off" row is scored from it instead of training twice.
        foreach (var joint in new[] { true, false })
        {
            var c = config.WithJoint(joint) with { Name = $"{config.Name}-{(joint ? "joint" : "nojoint")}" };
            for (var k = 0; k < options.Seeds; k++)
            {
                cancel.ThrowIfCancellationRequested();
                var seed = options.FirstSeed + k;
                var dir = Path.Combine(options.OutDir, joint ? "joint" : "nojoint", $"seed{seed}");
                options.OnRun?.Invoke($"{(joint ? "with" : "without")} joint module, seed {seed}", ++index, total);
                var scoresPath = Path.Combine(dir, ScoresFile);
                if (File.Exists(scoresPath))
                {
                    runs.Add(JsonSerializer.Deserialize<TextBenchmarkRun>(File.ReadAllText(scoresPath), ScoresJson.Options)!);
                    continue;
                }

                if (!joint && FromJointStage1(Path.Combine(options.OutDir, "joint", $"seed{seed}"), seed, excluded, emotionSet, intentSet) is { } derived)
                {
                    AtomicFile.WriteAllText(scoresPath, JsonSerializer.Serialize(derived, ScoresJson.Options));
                    runs.Add(derived);
                    continue;
                }

                var clock = Stopwatch.StartNew();
                var card = FinishedRun.Ensure(c, new TrainingRunOptions
                    {
                        DataRoot = options.DataRoot,
                        FeatureRoot = options.FeatureRoot,
                        OutDir = dir,
                        Seed = seed,
                        Threads = options.Threads,
                        Cpu = options.Cpu,
                        Progress = options.Progress,
                        Charts = false,
                    }, cancel);
                var predictions = ReadSelectedPredictions(dir, card.Stage);
                if (predictions is null)
                {
                    using var model = TrainedModel.Load(dir, options.Cpu);
                    predictions = model.Predict(TrainingSplit.Open(options.DataRoot, options.FeatureRoot, MeijuSplit.Valid, model.Streams, requireLabels: true));
                }

                var run = Score(predictions, joint, seed, excluded, emotionSet.Count, clock.Elapsed.TotalSeconds, card.Epoch, card.Parameters, emotionSet, intentSet);
                AtomicFile.WriteAllText(scoresPath, JsonSerializer.Serialize(run, ScoresJson.Options));
                runs.Add(run);
            }
        }

        Write(options.OutDir, [.. runs.OrderBy(r => r.Joint).ThenBy(r => r.Seed)], config);
        return runs;
    }

    /// <summary>
    /// Scores the stage-1 model of a finished joint run as the run without the joint module; null when that run is
    /// not finished. Seconds are the stage-1 epochs' own time from <c>metrics.csv</c>.
    /// </summary>
    private static TextBenchmarkRun? FromJointStage1(string jointDir, long seed, int excluded, Labels.LabelSet emotionSet, Labels.LabelSet intentSet)
    {
        var predictions = ReadSelectedPredictions(jointDir, 1);
        var metrics = Path.Combine(jointDir, "metrics.csv");
        if (predictions is null || !File.Exists(Path.Combine(jointDir, TrainedModel.CardFile)) || !File.Exists(metrics))
        {
            return null;
        }

        var header = File.ReadLines(metrics).First().Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var rows = File.ReadLines(metrics).Skip(1).Select(l => l.Split(',')).Where(f => f[Col("stage")] == "1").ToList();
        var best = rows.MaxBy(f => double.Parse(f[Col("jrbm")], CultureInfo.InvariantCulture))!;
        var seconds = rows.Sum(f => double.Parse(f[Col("seconds")], CultureInfo.InvariantCulture));
        long parameters;
        using (var model = Model.ModelCheckpoint.Load(Trainer.BestModelPath(jointDir, 1)))
        {
            parameters = model.ParameterCount;
        }

        return Score(predictions, false, seed, excluded, emotionSet.Count, seconds, int.Parse(best[Col("epoch")], CultureInfo.InvariantCulture),
            parameters, emotionSet, intentSet);
    }

    /// <summary>
    /// The trainer's predictions of the selected epoch (<c>valid_predictions_stage&lt;N&gt;.csv</c>), or null when
    /// absent. They are written at selection time, so reading them saves a second pass over the validation split.
    /// </summary>
    /// <remarks>
    /// Runs that saved the selected epoch's logits (<see cref="Trainer.ValidLogitsPrefix"/>) are read from them:
    /// exact indices, whatever the label names. Older runs have only the CSV, whose classes the trainer then named
    /// with MEIJU's vocabularies whatever the dataset's: pass no label sets to read those. The CSV of newer runs
    /// uses the dataset's own names.
    /// </remarks>
    public static Predictions? ReadSelectedPredictions(string runDir, int stage, Labels.LabelSet? emotionSet = null, Labels.LabelSet? intentSet = null)
    {
        var path = Path.Combine(runDir, $"valid_predictions_stage{stage}.csv");
        if (!File.Exists(path))
        {
            return null;
        }

        var prefix = Trainer.ValidLogitsPrefix(runDir, stage);
        if (File.Exists(prefix + "_gold.npy"))
        {
            var csvNames = File.ReadLines(path).Skip(1).Select(l => LabelListFile.StripExtension(l.Split(',')[0])).ToArray();
            return SplitLogits.Load(prefix, csvNames).ToPredictions();
        }


        var names = new List<string>();
        List<int> e = [], i = [], ge = [], gi = [];
        var lineNo = 0;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            lineNo++;
            var f = line.Split(',');
            if (f.Length != 5)
            {
                throw new MeijuDataException(path, "expected filename,emo_pred,int_pred,emo_true,int_true", lineNo + 1);
            }

            names.Add(LabelListFile.StripExtension(f[0]));
            e.Add((emotionSet ?? Labels.MeijuLabels.Emotion).IndexOf(f[1]));
            i.Add((intentSet ?? Labels.MeijuLabels.Intent).IndexOf(f[2]));
            ge.Add((emotionSet ?? Labels.MeijuLabels.Emotion).IndexOf(f[3]));
            gi.Add((intentSet ?? Labels.MeijuLabels.Intent).IndexOf(f[4]));
        }

        return new Predictions(names, [.. e], [.. i], [.. ge], [.. gi]);
    }

    /// <summary>Scores validation predictions; <paramref name="excluded"/> &lt; 0 leaves the subset micro-F1 as NaN.</summary>
    public static TextBenchmarkRun Score(
        Predictions p, bool joint, long seed, int excluded, int emotionClasses, double seconds, int bestEpoch, long parameters,
        Labels.LabelSet? emotionSet = null, Labels.LabelSet? intentSet = null)
    {
        var report = JointReport.Compute(ChallengeTrack.Track1, p.GoldEmotion, p.Emotion, p.GoldIntent, p.Intent, emotionSet, intentSet);
        var subset = excluded >= 0 ? SubsetF1.MicroExcluding(p.GoldEmotion, p.Emotion, emotionClasses, excluded) : double.NaN;
        return new TextBenchmarkRun(joint, seed, report.Emotion.Weighted.F1, report.Intent.Weighted.F1, report.Jrbm, subset,
            report.Emotion.Macro.F1, seconds, bestEpoch, parameters);
    }

    /// <summary>Mean ± sample standard deviation of a metric over the runs of one setting, formatted with 4 decimals.</summary>
    public static string MeanStd(IEnumerable<double> values)
    {
        var (mean, std) = Ablation.MeanStd(values);
        if (double.IsNaN(mean))
        {
            return "n/a";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {std:F4}");
    }

    /// <summary>Writes <c>text-benchmark.md</c> (mean ± std per setting) and <c>text-benchmark.csv</c> (every run).</summary>
    public static void Write(string outDir, IReadOnlyList<TextBenchmarkRun> runs, TrainingConfig config)
    {
        var inv = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("joint,seed,emotion_weighted_f1,intent_weighted_f1,jrbm,emotion_micro_f1_excluding,emotion_macro_f1,seconds,best_epoch,parameters\n");
        foreach (var r in runs)
        {
            csv.AppendLine(inv, $"{r.Joint},{r.Seed},{r.EmotionWeightedF1:R},{r.IntentWeightedF1:R},{r.Jrbm:R},{r.EmotionMicroF1Excluding:R},{r.EmotionMacroF1:R},{r.Seconds:F1},{r.BestEpoch},{r.Parameters}");
        }

        var md = new StringBuilder();
        md.AppendLine(inv, $"Config `{config.Name}`, validation split, mean ± std over seeds.");
        md.AppendLine();
        md.AppendLine("| joint module | runs | emotion wF1 | act wF1 | JRBM | emotion micro-F1 excl. no emotion | emotion macro-F1 | parameters | train s/run |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var g in runs.GroupBy(r => r.Joint))
        {
            var list = g.ToList();
            md.AppendLine(inv,
                $"| {(g.Key ? "on" : "off")} | {list.Count} | {MeanStd(list.Select(r => r.EmotionWeightedF1))} | {MeanStd(list.Select(r => r.IntentWeightedF1))} | {MeanStd(list.Select(r => r.Jrbm))} | {MeanStd(list.Select(r => r.EmotionMicroF1Excluding))} | {MeanStd(list.Select(r => r.EmotionMacroF1))} | {list[0].Parameters:N0} | {list.Average(r => r.Seconds):F0} |");
        }

        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, "text-benchmark.csv"), csv.ToString());
        AtomicFile.WriteAllText(Path.Combine(outDir, "text-benchmark.md"), md.ToString());
    }
}
