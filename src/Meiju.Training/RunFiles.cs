using System.Globalization;
using System.Text.Json;
using Meiju.Labels;

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

    /// <summary>Writes predictions as <c>filename,emo_pred,int_pred[,emo_true,int_true]</c> with label names.</summary>
    public static void WritePredictions(string path, Predictions p)
    {
        var labelled = p.IsLabelled;
        var lines = new List<string> { labelled ? "filename,emo_pred,int_pred,emo_true,int_true" : "filename,emo_pred,int_pred" };
        for (var k = 0; k < p.Names.Count; k++)
        {
            var row = string.Create(CultureInfo.InvariantCulture, $"{p.Names[k]},{MeijuLabels.Emotion[p.Emotion[k]]},{MeijuLabels.Intent[p.Intent[k]]}");
            if (labelled)
            {
                row += $",{MeijuLabels.Emotion[p.GoldEmotion[k]]},{MeijuLabels.Intent[p.GoldIntent[k]]}";
            }

            lines.Add(row);
        }

        AtomicFile.WriteAllLines(path, lines);
    }
}
