using System.Globalization;
using Meiju.Metrics;
using ScottPlot;

namespace Meiju.Reporting;

/// <summary>
/// Confusion-matrix heatmap: rows are true classes (top to bottom), columns predicted classes; colour is the share
/// of the true class (row-normalised, so rare classes are as visible as frequent ones) and each cell shows its count
/// and that share.
/// </summary>
public static class ConfusionMatrixChart
{
    /// <summary>Writes the heatmap of <paramref name="matrix"/> to <paramref name="path"/> (PNG).</summary>
    /// <param name="matrix">The matrix to draw.</param>
    /// <param name="path">Output PNG.</param>
    /// <param name="title">Figure title, e.g. <c>Emotion — valid (micro F1 0.53)</c>.</param>
    /// <param name="size">Width in pixels; the height follows so cells stay square-ish. 0 picks one from the class count.</param>
    public static void Save(ConfusionMatrix matrix, string path, string title, int size = 0)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var width = size > 0 ? size : Math.Clamp(260 + (90 * matrix.Size), 500, 2400);
        var height = (int)(width * 0.86);
        ChartPng.Save(Plot(matrix, title), path, width, height);
    }

    /// <summary>Builds the heatmap plot (to save, embed or restyle).</summary>
    public static Plot Plot(ConfusionMatrix matrix, string title)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.Size;
        var shares = matrix.RowNormalized();
        var intensities = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                intensities[r, c] = shares[r][c];
            }
        }

        var plot = new Plot();
        ChartStyle.Apply(plot, title, xLabel: "predicted   (colour: share of the true class)", yLabel: "true");
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        // Cell (r, c) centred at x = c, y = n-1-r: row 0 (first class) at the top, as matrices are read.
        heatmap.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Add.ColorBar(heatmap);

        var fontSize = n <= 8 ? 13f : n <= 14 ? 10f : 8f;
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                // Empty cells say just "0": a grid of "0 / 0 %" drowns the cells that matter.
                var label = matrix[r, c] == 0
                    ? "0"
                    : string.Create(CultureInfo.InvariantCulture, $"{matrix[r, c]:N0}\n{shares[r][c]:P0}");
                var text = plot.Add.Text(label, c, n - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = fontSize;
                text.LabelFontColor = shares[r][c] > 0.6 ? Colors.Black : Colors.White;
            }
        }

        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, matrix.Names.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(t => n - 1 - t).ToArray(), matrix.Names.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.TickLabelStyle.OffsetY = 6;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Grid.IsVisible = false;
        return plot;
    }
}
