using Meiju.Data;
using Meiju.Metrics;
using Meiju.Reporting;

namespace Meiju.Tests.Reporting;

public sealed class ChartTests : IDisposable
{
    // MEIJU_CHART_DIR keeps the images for a person to look at; by default they go to a temp folder that is removed.
    private readonly string _dir = Environment.GetEnvironmentVariable("MEIJU_CHART_DIR") is { Length: > 0 } keep
        ? Directory.CreateDirectory(keep).FullName
        : Directory.CreateTempSubdirectory("meiju-charts-").FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("MEIJU_CHART_DIR") is not { Length: > 0 })
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void ConfusionMatrixHeatmapIsWrittenAtTheAskedSize()
    {
        var rng = new Random(3);
        var yTrue = Enumerable.Range(0, 400).Select(_ => rng.Next(7)).ToArray();
        var yPred = yTrue.Select(y => rng.NextDouble() < 0.6 ? y : rng.Next(7)).ToArray();
        var report = ClassificationReport.Compute(yTrue, yPred, labelSet: Meiju.Labels.MeijuLabels.Emotion);
        var path = Path.Combine(_dir, "confusion.png");

        ConfusionMatrixChart.Save(report.Confusion, path, "Emotion (synthetic)", size: 800);

        AssertPng(path, 800, (int)(800 * 0.86));
    }

    [Fact]
    public void ClassCountChartHasBothPanels()
    {
        var root = Path.Combine(_dir, "layout");
        Directory.CreateDirectory(root);
        File.WriteAllLines(Path.Combine(root, "Training_files.txt"), ["a.mp4 neutral neutral", "b.mp4 happy questioning", "c.mp4 neutral wishing"]);
        File.WriteAllLines(Path.Combine(root, "Validation_files.txt"), ["d.mp4 neutral neutral", "e.mp4 sad questioning"]);
        var stats = DatasetStatistics.Compute(root);
        var path = Path.Combine(_dir, "counts.png");

        ClassCountChart.Save(stats, path, 1200, 500);

        AssertPng(path, 1200, 500);
    }

    [Fact]
    public void LearningCurveIsWrittenAndBadSeriesRejected()
    {
        var path = Path.Combine(_dir, "curve.png");
        LineSeries[] series =
        [
            new("train loss", Enumerable.Range(1, 20).Select(e => 2.0 / e).ToArray()),
            new("valid JRBM", Enumerable.Range(1, 20).Select(e => 0.6 * (1 - Math.Exp(-e / 5.0))).ToArray()),
        ];

        LineChart.Save(path, "Learning curve", series, yLabel: "loss / score", width: 900, height: 500);

        AssertPng(path, 900, 500);
        Assert.Throws<ArgumentException>(() => LineChart.Plot("x", [new LineSeries("bad", [1.0, 2.0], [1.0])]));
        Assert.Throws<ArgumentException>(() => LineChart.Plot("x", []));
    }

    [SharedDataFact("meiju-labels/Track2_English")]
    public void RealDatasetChartRenders()
    {
        var stats = DatasetStatistics.Compute(SharedData.PathOf("meiju-labels/Track2_English"));
        var path = Path.Combine(_dir, "track2-english.png");
        ClassCountChart.Save(stats, path);
        AssertPng(path, ClassCountChart.DefaultWidth, ClassCountChart.DefaultHeight);
        var cm = stats.Majority!.Report.Intent.Confusion;
        ConfusionMatrixChart.Save(cm, Path.Combine(_dir, "majority-intent.png"), "Intent — majority baseline");
    }

    private static void AssertPng(string path, int width, int height)
    {
        Assert.True(File.Exists(path), path);
        Assert.True(new FileInfo(path).Length > 2000, "image is suspiciously small");
        Assert.Equal((width, height), ChartPng.ReadSize(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, ".*.tmp"));
    }
}
