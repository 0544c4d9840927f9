using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Meiju.Training;

/// <summary>
/// Runs the modality × joint-module grid over several seeds (like the seed paper's Tables 2 and 3) and writes
/// <c>ablation.csv</c> and <c>ablation.md</c>. Finished runs are reused and unfinished ones resumed, so an
/// interrupted grid continues where it stopped.
/// </summary>
public static class Ablation
{
    /// <summary>Runs the grid; returns one row per cell.</summary>
    /// <exception cref="MeijuDataException">Bad config or data (checked by the first run).</exception>
    public static IReadOnlyList<AblationRow> Run(TrainingConfig config, AblationOptions options, CancellationToken cancel = default)
    {
        if (options.Seeds < 1)
        {
            throw new ArgumentException("--seeds must be at least 1");
        }

        var cells = new List<(string Subset, bool Joint, TrainingConfig Config)>();
        foreach (var subset in options.Subsets)
        {
            foreach (var joint in options.Joint)
            {
                var c = config.WithModalities(subset).WithJoint(joint);
                if (options.Epochs is { } e)
                {
                    c = c.WithEpochs(e);
                }

                cells.Add((subset.ToUpperInvariant(), joint, c with { Name = $"{config.Name}-{subset}-{(joint ? "joint" : "nojoint")}" }));
            }
        }

        var rows = new List<AblationRow>();
        var total = cells.Count * options.Seeds;
        var index = 0;
        foreach (var (subset, joint, c) in cells)
        {
            var cards = new List<ModelCard>();
            for (var k = 0; k < options.Seeds; k++)
            {
                cancel.ThrowIfCancellationRequested();
                var seed = options.FirstSeed + k;
                var dir = Path.Combine(options.OutDir, $"{subset}-{(joint ? "joint" : "nojoint")}", $"seed{seed}");
                options.OnRun?.Invoke($"{subset} {(joint ? "with" : "without")} joint, seed {seed}", ++index, total);
                cards.Add(FinishedRun.Ensure(c, new TrainingRunOptions
                    {
                        DataRoot = options.DataRoot,
                        FeatureRoot = options.FeatureRoot,
                        OutDir = dir,
                        Seed = seed,
                        Threads = options.Threads,
                        Cpu = options.Cpu,
                        Progress = options.Progress,
                        Charts = false,
                    }, cancel));
            }

            rows.Add(new AblationRow(
                subset, joint, cards.Count,
                MeanStd(cards.Select(x => x.Valid!.Emotion)),
                MeanStd(cards.Select(x => x.Valid!.Intent)),
                MeanStd(cards.Select(x => x.Valid!.Jrbm)),
                cards[0].Parameters));
            Write(options.OutDir, rows, config);
        }

        return rows;
    }

    /// <summary>Writes <c>ablation.csv</c> and <c>ablation.md</c> for <paramref name="rows"/>.</summary>
    public static void Write(string outDir, IReadOnlyList<AblationRow> rows, TrainingConfig config)
    {
        var inv = CultureInfo.InvariantCulture;
        var metric = config.Training.Track == 1 ? "weighted" : "micro";
        var csv = new List<string> { "modalities,joint,runs,emo_mean,emo_std,int_mean,int_std,jrbm_mean,jrbm_std,parameters" };
        csv.AddRange(rows.Select(r => string.Join(',',
            r.Modalities, r.Joint ? "1" : "0", r.Runs.ToString(inv),
            r.Emotion.Mean.ToString("R", inv), r.Emotion.Std.ToString("R", inv),
            r.Intent.Mean.ToString("R", inv), r.Intent.Std.ToString("R", inv),
            r.Jrbm.Mean.ToString("R", inv), r.Jrbm.Std.ToString("R", inv),
            r.Parameters.ToString(inv))));
        AtomicFile.WriteAllLines(Path.Combine(outDir, "ablation.csv"), csv);

        var md = new StringBuilder();
        md.AppendLine(inv, $"Validation, config `{config.Name}`, Track {config.Training.Track} ({metric} F1), mean ± std over seeds.");
        md.AppendLine();
        md.AppendLine(inv, $"| Vision | Audio | Text | Joint module | Emo {metric} F1 | Int {metric} F1 | JRBM | Parameters (M) | Runs |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        static string Mark(bool b) => b ? "✓" : "✗";
        static string F((double Mean, double Std) v) => string.Create(CultureInfo.InvariantCulture, $"{v.Mean:F4} ± {v.Std:F4}");
        foreach (var r in rows)
        {
            md.AppendLine(inv, $"| {Mark(r.Modalities.Contains('V'))} | {Mark(r.Modalities.Contains('A'))} | {Mark(r.Modalities.Contains('T'))} | {Mark(r.Joint)} | {F(r.Emotion)} | {F(r.Intent)} | {F(r.Jrbm)} | {r.Parameters / 1e6:F3} | {r.Runs} |");
        }

        AtomicFile.WriteAllText(Path.Combine(outDir, "ablation.md"), md.ToString());
    }

    /// <summary>Mean and sample standard deviation (0 for one value).</summary>
    public static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var mean = v.Average();
        var std = v.Length < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return (mean, std);
    }
}
