using Meiju.Data;
using ScottPlot;

namespace Meiju.Reporting;

/// <summary>
/// Grouped bar chart of class counts per split: one panel for emotion, one for intent, one bar per labelled split
/// in each class group, with the count written above each bar.
/// </summary>
public static class ClassCountChart
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 1600;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 620;

    /// <summary>Writes the chart of <paramref name="stats"/> to <paramref name="path"/> (PNG).</summary>
    public static void Save(DatasetStatistics stats, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var splits = stats.Splits.Where(s => s.Labelled > 0).ToArray();
        var names = splits.Select(s => $"{s.Split.ToString().ToLowerInvariant()} (n={s.Labelled:N0})").ToArray();
        var figure = new Multiplot(Panel($"Emotion — {Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(stats.Root)))}",
            stats.EmotionSet.Classes, splits.Select(s => s.EmotionCounts).ToArray(), names));
        figure.AddPlot(Panel("Intent", stats.IntentSet.Classes, splits.Select(s => s.IntentCounts).ToArray(), names));
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        ChartPng.Save(figure, path, width, height);
    }

    /// <summary>
    /// One panel: <paramref name="counts"/>[series][class] as groups of bars per class, one colour per series.
    /// </summary>
    public static Plot Panel(string title, IReadOnlyList<string> classes, IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string> seriesNames)
    {
        var plot = new Plot();
        ChartStyle.Apply(plot, title, yLabel: "utterances");
        var groupWidth = 0.8;
        var barWidth = groupWidth / Math.Max(1, counts.Count);
        for (var s = 0; s < counts.Count; s++)
        {
            var bars = new List<Bar>();
            for (var c = 0; c < classes.Count; c++)
            {
                bars.Add(new Bar
                {
                    Position = c - groupWidth / 2 + barWidth * (s + 0.5),
                    Value = counts[s][c],
                    Size = barWidth * 0.95,
                    FillColor = ChartStyle.SeriesColor(s),
                    LineWidth = 0,
                    Label = counts[s][c].ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                });
            }

            var series = plot.Add.Bars(bars);
            series.LegendText = seriesNames[s];
            series.ValueLabelStyle.FontSize = 10;
        }

        var ticks = Enumerable.Range(0, classes.Count).Select(c => (double)c).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, classes.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.TickLabelStyle.OffsetY = 6;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Axes.Margins(bottom: 0, top: 0.22);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
