using System.Globalization;
using Meiju.Data;
using Meiju.Metrics;
using Spectre.Console;

namespace Meiju.Cli.Commands;

/// <summary>Spectre.Console tables shared by the metrics commands.</summary>
internal static class ReportTables
{
    public static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Per-class precision/recall/F1 of one task, with the three averages and accuracy as footer rows.</summary>
    public static Table PerClass(string task, ClassificationReport report)
    {
        var table = new Table().Title($"[bold]{Markup.Escape(task)}[/] per class").Border(TableBorder.Rounded);
        table.AddColumn("class");
        foreach (var column in new[] { "precision", "recall", "F1", "support", "predicted" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var c in report.Classes)
        {
            table.AddRow(Markup.Escape(c.Name), F(c.Precision), F(c.Recall), F(c.F1), N(c.Support), N(c.Predicted));
        }

        table.AddEmptyRow();
        foreach (var (name, avg) in new[] { ("micro avg", report.Micro), ("macro avg", report.Macro), ("weighted avg", report.Weighted) })
        {
            table.AddRow($"[italic]{name}[/]", F(avg.Precision), F(avg.Recall), F(avg.F1), N(report.Samples), string.Empty);
        }

        table.AddRow("[italic]accuracy[/]", string.Empty, string.Empty, F(report.Accuracy), N(report.Samples), string.Empty);
        return table;
    }

    /// <summary>Both tasks' summary scores and the track's JRBM.</summary>
    public static Table Summary(JointReport report, string title)
    {
        var metric = report.Metric.ToString().ToLowerInvariant();
        var table = new Table().Title($"[bold]{Markup.Escape(title)}[/]").Border(TableBorder.Rounded);
        table.AddColumn("task");
        foreach (var column in new[] { "accuracy", "micro F1", "weighted F1", "macro F1", $"score ({metric})" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        void Row(string task, ClassificationReport r, double score) =>
            table.AddRow(task, F(r.Accuracy), F(r.Micro.F1), F(r.Weighted.F1), F(r.Macro.F1), $"[bold]{F(score)}[/]");
        Row("emotion", report.Emotion, report.EmotionScore);
        Row("intent", report.Intent, report.IntentScore);
        table.Caption($"JRBM = 2·E·I/(E+I+1e-6) = [bold green]{F(report.Jrbm)}[/]  ({N(report.Samples)} utterances)");
        return table;
    }

    /// <summary>Class counts of every split for one task.</summary>
    public static Table Counts(string task, IReadOnlyList<string> classes, IReadOnlyList<SplitStatistics> splits, Func<SplitStatistics, IReadOnlyList<int>> counts)
    {
        var labelled = splits.Where(s => s.Labelled > 0).ToArray();
        var table = new Table().Title($"[bold]{Markup.Escape(task)}[/] counts per split").Border(TableBorder.Rounded);
        table.AddColumn("class");
        foreach (var s in labelled)
        {
            table.AddColumn(new TableColumn(s.Split.ToString().ToLowerInvariant()).RightAligned());
            table.AddColumn(new TableColumn("%").RightAligned());
        }

        for (var c = 0; c < classes.Count; c++)
        {
            var row = new List<string> { Markup.Escape(classes[c]) };
            foreach (var s in labelled)
            {
                row.Add(N(counts(s)[c]));
                row.Add(((double)counts(s)[c] / s.Labelled).ToString("P1", CultureInfo.InvariantCulture));
            }

            table.AddRow(row.ToArray());
        }

        var total = new List<string> { "[bold]total[/]" };
        foreach (var s in labelled)
        {
            total.Add($"[bold]{N(s.Labelled)}[/]");
            total.Add(string.Empty);
        }

        table.AddRow(total.ToArray());
        return table;
    }
}
