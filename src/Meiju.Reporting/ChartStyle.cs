using ScottPlot;

namespace Meiju.Reporting;

/// <summary>Shared look of Meiju charts: a colour-blind-safe palette and readable font sizes.</summary>
public static class ChartStyle
{
    /// <summary>Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.</summary>
    public static IReadOnlyList<Color> Palette { get; } =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#E69F00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#56B4E9"), Color.FromHex("#D55E00"), Color.FromHex("#F0E442"), Color.FromHex("#000000"),
    ];

    /// <summary>Sans-serif families tried in order; the first one installed is used.</summary>
    public static IReadOnlyList<string> FontCandidates { get; } = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Noto Sans CJK SC"];

    /// <summary>
    /// The font used, or null to keep ScottPlot's choice. Looked up once: on Debian ScottPlot's own fallback is a
    /// serif face, which reads poorly at small sizes.
    /// </summary>
    public static string? Font { get; } = FontCandidates.FirstOrDefault(
        SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains);

    /// <summary>Colour of series <paramref name="index"/>, cycling through <see cref="Palette"/>.</summary>
    public static Color SeriesColor(int index) => Palette[index % Palette.Count];

    /// <summary>Applies title, axis labels and font sizes that stay legible at the default image sizes.</summary>
    public static void Apply(Plot plot, string title, string? xLabel = null, string? yLabel = null)
    {
        if (Font is { } font)
        {
            plot.Font.Set(font);
        }

        plot.Title(title, size: 18);
        plot.Axes.Title.Label.Bold = true;
        if (xLabel is not null)
        {
            plot.XLabel(xLabel, size: 14);
        }

        if (yLabel is not null)
        {
            plot.YLabel(yLabel, size: 14);
        }

        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
    }
}
