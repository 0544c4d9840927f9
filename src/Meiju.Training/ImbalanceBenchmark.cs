using System.Globalization;
using System.Text;
using System.Text.Json;
using Meiju.Data;
using Meiju.IO;
using Meiju.Metrics;

namespace Meiju.Training;

/// <summary>Options of <see cref="ImbalanceBenchmark.Run"/>.</summary>
public sealed record ImbalanceBenchmarkOptions
{
    /// <summary>Dataset folder (label lists, <c>labelsets.json</c>; an unlabelled pool for the pseudo methods).</summary>
    public required string DataRoot { get; init; }

    /// <summary>Feature root; default as <see cref="TrainingRunOptions.FeatureRoot"/>.</summary>
    public string? FeatureRoot { get; init; }

    /// <summary>Folder of the runs (<c>&lt;method&gt;/seed&lt;N&gt;</c>) and the tables.</summary>
    public required string OutDir { get; init; }

    /// <summary>Methods (<see cref="ImbalanceMethods.All"/>), in table order.</summary>
    public IReadOnlyList<string> Methods { get; init; } = ImbalanceMethods.Imbalance;

    /// <summary>Seeds per method.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>The first seed; the others follow.</summary>
    public long FirstSeed { get; init; } = 1;

    /// <summary>Epochs per stage instead of the config's.</summary>
    public int? Epochs { get; init; }

    /// <summary>Per-class cap of the pseudo methods (0: none).</summary>
    public int MaxPerClass { get; init; }

    /// <summary>Confidence threshold of the pseudo methods.</summary>
    public double PseudoThreshold { get; init; } = 0.9;

    /// <summary>Emotion class left out of the field's micro-F1 (DailyDialog's neutral); null for none.</summary>
    public string? ExcludedEmotion { get; init; }

    /// <summary>Torch CPU threads.</summary>
    public int? Threads { get; init; }

    /// <summary>Use the CPU even with CUDA.</summary>
    public bool Cpu { get; init; }

    /// <summary>Called before each run with a description, its 1-based index and the total.</summary>
    public Action<string, int, int>? OnRun { get; init; }

    /// <summary>Per-batch progress of the run in flight.</summary>
    public Action<TrainingProgress>? Progress { get; init; }
}

/// <summary>Validation scores of one method and seed.</summary>
/// <param name="Method">Method name.</param>
/// <param name="Seed">Seed.</param>
/// <param name="EmotionMicroF1">Emotion micro F1 (accuracy).</param>
/// <param name="EmotionWeightedF1">Emotion weighted F1.</param>
/// <param name="EmotionMacroF1">Emotion macro F1 (classes that occur).</param>
/// <param name="EmotionMicroF1Excluding">Emotion micro F1 without the excluded class (NaN when none).</param>
/// <param name="IntentMicroF1">Intent micro F1.</param>
/// <param name="IntentWeightedF1">Intent weighted F1.</param>
/// <param name="IntentMacroF1">Intent macro F1.</param>
/// <param name="Jrbm">JRBM of the track metric (NaN with one intent class).</param>
/// <param name="EmotionEce">Emotion ECE (15 bins) of the raw softmax.</param>
/// <param name="EmotionEceScaled">Emotion ECE after temperature scaling, cross-fitted over validation halves.</param>
/// <param name="IntentEce">Intent ECE of the raw softmax.</param>
/// <param name="IntentEceScaled">Intent ECE after temperature scaling, cross-fitted.</param>
/// <param name="Seconds">Training wall time (0 when reused or post-hoc).</param>
public sealed record ImbalanceRun(
    string Method, long Seed, double EmotionMicroF1, double EmotionWeightedF1, double EmotionMacroF1, double EmotionMicroF1Excluding,
    double IntentMicroF1, double IntentWeightedF1, double IntentMacroF1, double Jrbm,
    double EmotionEce, double EmotionEceScaled, double IntentEce, double IntentEceScaled, double Seconds);

/// <summary>
/// Trains each method of <see cref="ImbalanceMethods"/> over several seeds and scores the selected epoch's
/// validation logits: micro, weighted and macro F1 per task, JRBM of the track metric when there are two tasks,
/// ECE before and after temperature scaling. Writes <c>imbalance-benchmark.md</c> (mean ± std) and
/// <c>imbalance-benchmark.csv</c> (every run).
/// </summary>
/// <remarks>
/// Epochs are selected on validation (as the trainer does), so every row is equally optimistic. The post-hoc
/// steps are not: temperatures and decision biases are fitted on one half of validation and applied to the other
/// (<see cref="ScoreCalibration.CrossFit"/>), and both halves are then scored together.
/// </remarks>
public static class ImbalanceBenchmark
{
    private const string ScoresFile = "imbalance-scores.json";

    // Scores hold NaN where a metric does not apply (JRBM with one intent class).

    /// <summary>Trains (or reuses) every run and returns the scores.</summary>
    /// <exception cref="MeijuDataException">Bad config or data.</exception>
    public static IReadOnlyList<ImbalanceRun> Run(TrainingConfig config, ImbalanceBenchmarkOptions options, CancellationToken cancel = default)
    {
        if (options.Seeds < 1 || options.Methods.Count == 0)
        {
            throw new ArgumentException("need at least one seed and one method");
        }

        foreach (var m in options.Methods)
        {
            ImbalanceMethods.Describe(m);
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

        var runs = new List<ImbalanceRun>();
        var total = options.Methods.Count * options.Seeds;
        var index = 0;
        // Post-hoc methods read the ce runs: train those first whatever the table order.
        var order = options.Methods.OrderBy(m => m == ImbalanceMethods.Thresholds ? 1 : 0).ToList();
        foreach (var method in order)
        {
            for (var k = 0; k < options.Seeds; k++)
            {
                cancel.ThrowIfCancellationRequested();
                var seed = options.FirstSeed + k;
                options.OnRun?.Invoke($"{method}, seed {seed}", ++index, total);
                var dir = Path.Combine(options.OutDir, method, $"seed{seed}");
                var scoresPath = Path.Combine(dir, ScoresFile);
                if (File.Exists(scoresPath))
                {
                    runs.Add(JsonSerializer.Deserialize<ImbalanceRun>(File.ReadAllText(scoresPath), ScoresJson.Options)!);
                    continue;
                }

                var clock = System.Diagnostics.Stopwatch.StartNew();
                var runDir = method == ImbalanceMethods.Thresholds
                    ? Path.Combine(options.OutDir, ImbalanceMethods.CrossEntropy, $"seed{seed}")
                    : dir;
                var c = ImbalanceMethods.Apply(config, method, options.MaxPerClass, options.PseudoThreshold);
                var runOptions = new TrainingRunOptions
                {
                    DataRoot = options.DataRoot,
                    FeatureRoot = options.FeatureRoot,
                    OutDir = runDir,
                    Seed = seed,
                    Threads = options.Threads,
                    Cpu = options.Cpu,
                    Progress = options.Progress,
                    Charts = false,
                };
                if (c.Training.PseudoLabel is not null)
                {
                    runDir = PseudoLabelling.Run(c, runOptions, cancel).RunDir;
                }
                else
                {
                    FinishedRun.Ensure(c, runOptions, cancel);
                }

                var card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(Path.Combine(runDir, TrainedModel.CardFile)), TrainingConfig.Json)!;
                var logits = SplitLogits.Load(Trainer.ValidLogitsPrefix(runDir, card.Stage));
                var run = Score(method, seed, logits, config.Track, excluded, emotionSet.Count, intentSet.Count,
                    method == ImbalanceMethods.Thresholds, method == ImbalanceMethods.Thresholds ? 0 : clock.Elapsed.TotalSeconds);
                Directory.CreateDirectory(dir);
                AtomicFile.WriteAllText(scoresPath, JsonSerializer.Serialize(run, ScoresJson.Options));
                runs.Add(run);
            }
        }

        var sorted = runs.OrderBy(r => IndexOf(options.Methods, r.Method)).ThenBy(r => r.Seed).ToList();
        Write(options.OutDir, sorted, config, options, intentSet.Count > 1);
        return sorted;
    }

    /// <summary>
    /// Scores validation logits. With <paramref name="tuneBiases"/>, predictions use decision biases cross-fitted
    /// over validation halves (seeded by <paramref name="seed"/>); ECE after scaling is always cross-fitted.
    /// </summary>
    public static ImbalanceRun Score(string method, long seed, SplitLogits logits, ChallengeTrack track, int excluded, int emotionClasses, int intentClasses, bool tuneBiases, double seconds)
    {
        var cross = ScoreCalibration.CrossFit(logits, new CalibrationOptions { Temperature = true, Thresholds = tuneBiases }, track, seed);
        var p = tuneBiases ? cross.Predictions : logits.ToPredictions();
        var report = JointReport.Compute(track, p.GoldEmotion, p.Emotion, p.GoldIntent, p.Intent);
        var subset = excluded >= 0 ? SubsetF1.MicroExcluding(p.GoldEmotion, p.Emotion, emotionClasses, excluded) : double.NaN;
        return new ImbalanceRun(
            method, seed,
            report.Emotion.Micro.F1, report.Emotion.Weighted.F1, report.Emotion.Macro.F1, subset,
            report.Intent.Micro.F1, report.Intent.Weighted.F1, report.Intent.Macro.F1,
            intentClasses > 1 ? report.Jrbm : double.NaN,
            Calibration.ExpectedCalibrationError(logits.Emotion, logits.GoldEmotion), cross.EmotionEce,
            Calibration.ExpectedCalibrationError(logits.Intent, logits.GoldIntent), cross.IntentEce,
            seconds);
    }

    /// <summary>Writes <c>imbalance-benchmark.md</c> (mean ± std per method) and <c>imbalance-benchmark.csv</c>.</summary>
    public static void Write(string outDir, IReadOnlyList<ImbalanceRun> runs, TrainingConfig config, ImbalanceBenchmarkOptions options, bool twoTasks)
    {
        var inv = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("method,seed,emotion_micro_f1,emotion_weighted_f1,emotion_macro_f1,emotion_micro_f1_excluding,intent_micro_f1,intent_weighted_f1,intent_macro_f1,jrbm,emotion_ece,emotion_ece_scaled,intent_ece,intent_ece_scaled,seconds\n");
        foreach (var r in runs)
        {
            csv.AppendLine(inv, $"{r.Method},{r.Seed},{r.EmotionMicroF1:R},{r.EmotionWeightedF1:R},{r.EmotionMacroF1:R},{r.EmotionMicroF1Excluding:R},{r.IntentMicroF1:R},{r.IntentWeightedF1:R},{r.IntentMacroF1:R},{r.Jrbm:R},{r.EmotionEce:R},{r.EmotionEceScaled:R},{r.IntentEce:R},{r.IntentEceScaled:R},{r.Seconds:F1}");
        }

        var excl = options.ExcludedEmotion is not null;
        var md = new StringBuilder();
        md.AppendLine(inv, $"Config `{config.Name}`, track {config.Training.Track} ({config.Track.Metric().ToString().ToLowerInvariant()} F1 in JRBM), validation split, mean ± std over seeds.");
        md.AppendLine();
        var header = "| method | runs | emo micro-F1 | emo weighted-F1 | emo macro-F1 |";
        if (excl)
        {
            header += $" emo micro-F1 excl. {options.ExcludedEmotion} |";
        }

        if (twoTasks)
        {
            header += " int micro-F1 | int weighted-F1 | int macro-F1 | JRBM |";
        }

        header += " emo ECE | emo ECE after T |";
        if (twoTasks)
        {
            header += " int ECE | int ECE after T |";
        }

        header += " train s/run |";
        md.AppendLine(header);
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count(ch => ch == '|') - 1)));
        foreach (var g in runs.GroupBy(r => r.Method))
        {
            var l = g.ToList();
            var row = $"| {g.Key} | {l.Count} | {MeanStd(l, r => r.EmotionMicroF1)} | {MeanStd(l, r => r.EmotionWeightedF1)} | {MeanStd(l, r => r.EmotionMacroF1)} |";
            if (excl)
            {
                row += $" {MeanStd(l, r => r.EmotionMicroF1Excluding)} |";
            }

            if (twoTasks)
            {
                row += $" {MeanStd(l, r => r.IntentMicroF1)} | {MeanStd(l, r => r.IntentWeightedF1)} | {MeanStd(l, r => r.IntentMacroF1)} | {MeanStd(l, r => r.Jrbm)} |";
            }

            row += $" {MeanStd(l, r => r.EmotionEce)} | {MeanStd(l, r => r.EmotionEceScaled)} |";
            if (twoTasks)
            {
                row += $" {MeanStd(l, r => r.IntentEce)} | {MeanStd(l, r => r.IntentEceScaled)} |";
            }

            row += string.Create(inv, $" {l.Average(r => r.Seconds):F0} |");
            md.AppendLine(row);
        }

        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, "imbalance-benchmark.csv"), csv.ToString());
        AtomicFile.WriteAllText(Path.Combine(outDir, "imbalance-benchmark.md"), md.ToString());
    }

    private static string MeanStd(IReadOnlyList<ImbalanceRun> runs, Func<ImbalanceRun, double> metric) =>
        TextBenchmark.MeanStd(runs.Select(metric));

    private static int IndexOf(IReadOnlyList<string> methods, string method)
    {
        for (var i = 0; i < methods.Count; i++)
        {
            if (methods[i] == method)
            {
                return i;
            }
        }

        return methods.Count;
    }
}
