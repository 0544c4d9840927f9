using System.Globalization;
using System.Text.Json;
using Meiju.Labels;
using Meiju.Metrics;
using Meiju.Reporting;

namespace Meiju.Training;

/// <summary>The human-readable files of a run folder, each written atomically.</summary>
public static class RunFiles
{
    /// <summary>Writes <c>metrics.csv</c> and <c>metrics.json</c> with one row per completed epoch.</summary>
    public static void WriteMetrics(string outDir, IReadOnlyList<EpochRecord> history)
    {
        AtomicFile.WriteAllLines(Path.Combine(outDir, "metrics.csv"), history.Select(h => h.ToCsv()).Prepend(EpochRecord.CsvHeader));
        AtomicFile.WriteAllText(Path.Combine(outDir, "metrics.json"), JsonSerializer.Serialize(history, TrainingConfig.Json));
    }

    /// <summary>
    /// Writes predictions as <c>filename,emo_pred,int_pred[,emo_true,int_true]</c> with the names of the dataset's
    /// label sets (MEIJU's when none are given).
    /// </summary>
    public static void WritePredictions(string path, Predictions p, LabelSet? emotionSet = null, LabelSet? intentSet = null)
    {
        // A model may have more logits than the set has names (MELD's one-class intent placeholder gets two).
        var emotionNames = emotionSet ?? MeijuLabels.Emotion;
        var intentNames = intentSet ?? MeijuLabels.Intent;
        string Emotion(int k) => k < emotionNames.Count ? emotionNames[k] : k.ToString(CultureInfo.InvariantCulture);
        string Intent(int k) => k < intentNames.Count ? intentNames[k] : k.ToString(CultureInfo.InvariantCulture);
        var labelled = p.IsLabelled;
        var lines = new List<string> { labelled ? "filename,emo_pred,int_pred,emo_true,int_true" : "filename,emo_pred,int_pred" };
        for (var k = 0; k < p.Names.Count; k++)
        {
            var row = string.Create(CultureInfo.InvariantCulture, $"{p.Names[k]}.mp4,{Emotion(p.Emotion[k])},{Intent(p.Intent[k])}");
            if (labelled)
            {
                row += $",{Emotion(p.GoldEmotion[k])},{Intent(p.GoldIntent[k])}";
            }

            lines.Add(row);
        }

        AtomicFile.WriteAllLines(path, lines);
    }

    /// <summary>
    /// Draws <c>learning-curve.png</c> (training loss and validation E, I, JRBM over all epochs of both stages) and
    /// the selected epoch's <c>emotion-confusion.png</c> and <c>intent-confusion.png</c>.
    /// </summary>
    public static void WriteCharts(string outDir, IReadOnlyList<EpochRecord> history, JointReport best)
    {
        if (history.Count == 0)
        {
            return;
        }

        var x = Enumerable.Range(1, history.Count).Select(i => (double)i).ToArray();
        var metric = best.Metric.ToString().ToLowerInvariant();
        LineChart.Save(
            Path.Combine(outDir, "learning-curve.png"),
            "Learning curve (stage 2 starts after the stage-1 epochs)",
            [
                new LineSeries("train loss", history.Select(h => h.TrainLoss).ToArray(), x),
                new LineSeries($"valid emotion {metric} F1", history.Select(h => h.Valid.Emotion).ToArray(), x),
                new LineSeries($"valid intent {metric} F1", history.Select(h => h.Valid.Intent).ToArray(), x),
                new LineSeries("valid JRBM", history.Select(h => h.Valid.Jrbm).ToArray(), x),
            ],
            "epoch (both stages)",
            "value");
        ConfusionMatrixChart.Save(best.Emotion.Confusion, Path.Combine(outDir, "emotion-confusion.png"), $"Emotion, selected epoch ({metric} F1 {best.EmotionScore:F3})");
        ConfusionMatrixChart.Save(best.Intent.Confusion, Path.Combine(outDir, "intent-confusion.png"), $"Intent, selected epoch ({metric} F1 {best.IntentScore:F3})");
    }
}
