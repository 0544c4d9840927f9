using System.Text.Json;
using Meiju.Reporting;

namespace Meiju.Tests.Cli.Commands;

public class DatasetStatsCommandTests
{
    [Fact]
    public void PrintsCountsAndWritesChartAndJson()
    {
        using var layout = new TempLayout();
        var outDir = Path.Combine(layout.Root, "stats");

        var (code, output) = CliHarness.Run("dataset", "stats", layout.Root, "--out", outDir, "--track", "2");

        Assert.Equal(0, code);
        Assert.Contains("Emotion counts per split", output);
        Assert.Contains("JRBM", output);
        var png = Path.Combine(outDir, "dataset-stats.png");
        Assert.Equal((ClassCountChart.DefaultWidth, ClassCountChart.DefaultHeight), ChartPng.ReadSize(png));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "dataset-stats.json")));
        Assert.Equal(2, json.RootElement.GetProperty("track").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("splits")[0].GetProperty("labelled").GetInt32());
    }

    [Fact]
    public void MissingFolderIsBadInput()
    {
        var (code, _) = CliHarness.Run("dataset", "stats", "/nonexistent/meiju", "--no-chart");
        Assert.Equal(2, code);
    }

    [Fact]
    public void BadTrackIsRejected()
    {
        using var layout = new TempLayout();
        var (code, _) = CliHarness.Run("dataset", "stats", layout.Root, "--track", "3");
        Assert.NotEqual(0, code);
    }

    [SharedDataFact("meiju-labels/Track2_English")]
    public void RealTrack2EnglishShowsThePublishedNumbers()
    {
        var outDir = Directory.CreateTempSubdirectory("meiju-cli-real-").FullName;
        try
        {
            var (code, output) = CliHarness.Run("dataset", "stats", SharedData.PathOf("meiju-labels/Track2_English"), "--out", outDir);
            Assert.Equal(0, code);
            Assert.Contains("31,320", output);
            Assert.Contains("4,474", output);
            Assert.Contains("14,955", output);
            Assert.Contains("0.4345", output);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
