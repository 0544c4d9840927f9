using ScottPlot;

namespace Meiju.Reporting;

/// <summary>Line chart of named series, for learning curves (epochs × loss, F1, JRBM …).</summary>
public static class LineChart
{
    /// <summary>Writes the chart to <paramref name="path"/> (PNG).</summary>
    /// <param name="path">Output PNG.</param>
    /// <param name="title">Figure title.</param>
    /// <param name="series">The lines; a NaN value leaves a gap (e.g. an epoch without validation).</param>
    /// <param name="xLabel">X axis label.</param>
    /// <param name="yLabel">Y axis label.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(
        string path, string title, IReadOnlyList<LineSeries> series, string xLabel = "epoch", string yLabel = "value",
        int width = 1000, int height = 600) =>
        ChartPng.Save(Plot(title, series, xLabel, yLabel), path, width, height);

    /// <summary>Builds the plot.</summary>
    /// <exception cref="ArgumentException">No series, or a series whose X and Y lengths differ.</exception>
    public static Plot Plot(string title, IReadOnlyList<LineSeries> series, string xLabel = "epoch", string yLabel = "value")
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("no series to plot", nameof(series));
        }

        var plot = new Plot();
        ChartStyle.Apply(plot, title, xLabel, yLabel);
        for (var s = 0; s < series.Count; s++)
        {
            var line = series[s];
            var xs = line.X?.ToArray() ?? Enumerable.Range(1, line.Y.Count).Select(i => (double)i).ToArray();
            if (xs.Length != line.Y.Count)
            {
                throw new ArgumentException($"series '{line.Name}' has {xs.Length} x values but {line.Y.Count} y values", nameof(series));
            }

            var scatter = plot.Add.Scatter(xs, line.Y.ToArray(), ChartStyle.SeriesColor(s));
            scatter.LegendText = line.Name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = line.Y.Count <= 60 ? 6 : 0;
        }

        if (series.All(l => l.X is null))
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        // Outside the data area: curves often end in the corner a legend would cover.
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
