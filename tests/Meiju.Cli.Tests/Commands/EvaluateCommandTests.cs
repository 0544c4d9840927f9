using System.Text.Json;
using Meiju.Reporting;

namespace Meiju.Tests.Cli.Commands;

public class EvaluateCommandTests
{
    [Fact]
    public void PrintsTablesAndWritesJsonAndConfusionMatrices()
    {
        using var layout = new TempLayout();
        var json = Path.Combine(layout.Root, "out", "report.json");
        var cm = Path.Combine(layout.Root, "cm");

        var (code, output) = CliHarness.Run(
            "evaluate", "--predictions", layout.Predictions, "--labels", layout.Labels, "--track", "2", "--json", json, "--confusion", cm);

        Assert.Equal(0, code);
        Assert.Contains("Emotion per class", output);
        Assert.Contains("weighted avg", output);
        // Emotion 3/4 right, intent 3/4 right (micro) → JRBM = 0.75 (to 1e-6).
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(0.75, doc.RootElement.GetProperty("emotion_score").GetDouble(), 12);
        Assert.Equal(0.75, doc.RootElement.GetProperty("intent_score").GetDouble(), 12);
        Assert.Equal(0.75, doc.RootElement.GetProperty("jrbm").GetDouble(), 5);
        Assert.Contains("0.7500", output);
        Assert.True(ChartPng.ReadSize(Path.Combine(cm, "emotion-confusion.png")).Width > 0);
        Assert.True(ChartPng.ReadSize(Path.Combine(cm, "intent-confusion.png")).Width > 0);
    }

    [Fact]
    public void Track1UsesWeightedF1()
    {
        using var layout = new TempLayout();
        var json = Path.Combine(layout.Root, "t1.json");
        var (code, _) = CliHarness.Run("evaluate", "-p", layout.Predictions, "-l", layout.Labels, "-t", "1", "--json", json);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("weighted", doc.RootElement.GetProperty("metric").GetString());
        Assert.Equal(
            doc.RootElement.GetProperty("emotion").GetProperty("weighted_f1").GetDouble(),
            doc.RootElement.GetProperty("emotion_score").GetDouble());
    }

    [Theory]
    [InlineData("v1,neutral,questioning|v2,happy,questioning|v3,neutral,neutral|v4,neutral,wishing|v9,sad,wishing")]
    [InlineData("v1,neutral,questioning|v2,happy,questioning|v3,neutral,neutral")]
    [InlineData("v1,neutral,questioning|v2,joy!,questioning|v3,neutral,neutral|v4,neutral,wishing")]
    public void BadPredictionsAreBadInput(string rows)
    {
        using var layout = new TempLayout();
        var bad = layout.Write("bad.csv", rows.Split('|'));
        var (code, _) = CliHarness.Run("evaluate", "-p", bad, "-l", layout.Labels, "-t", "2");
        Assert.Equal(2, code);
    }

    [Fact]
    public void MissingTrackIsAskedForWhenThePathDoesNotSay()
    {
        using var layout = new TempLayout();
        var (code, _) = CliHarness.Run("evaluate", "-p", layout.Predictions, "-l", layout.Labels);
        Assert.Equal(2, code);
    }
}
