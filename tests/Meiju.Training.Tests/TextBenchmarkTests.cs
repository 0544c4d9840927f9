using Meiju.Labels;
using Meiju.Training;

namespace Meiju.Training.Tests;

public sealed class TextBenchmarkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "meiju-textbench-" + Guid.NewGuid().ToString("N")[..10]);

    public TextBenchmarkTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SelectedPredictionsRoundTripThroughTheTrainersFile()
    {
        var p = new Predictions(["a", "b", "c", "d"], [6, 0, 4, 6], [0, 1, 3, 2], [6, 0, 6, 1], [0, 1, 2, 2]);
        RunFiles.WritePredictions(Path.Combine(_dir, "valid_predictions_stage2.csv"), p);

        var back = TextBenchmark.ReadSelectedPredictions(_dir, 2)!;

        Assert.Equal(p.Names, back.Names);
        Assert.Equal(p.Emotion, back.Emotion);
        Assert.Equal(p.Intent, back.Intent);
        Assert.Equal(p.GoldEmotion, back.GoldEmotion);
        Assert.Equal(p.GoldIntent, back.GoldIntent);
        Assert.Null(TextBenchmark.ReadSelectedPredictions(_dir, 1));
    }

    [Fact]
    public void ScoresUseTheFieldConventionAndTablesAreWritten()
    {
        var emotion = LabelSetCatalog.Get("dailydialog-emotion");
        var neutral = emotion.IndexOf("no emotion");
        // Gold: 6 neutral, 2 happy; the model finds one happy and calls one neutral happy.
        var p = new Predictions(
            ["1", "2", "3", "4", "5", "6", "7", "8"],
            [neutral, neutral, neutral, neutral, neutral, 0, 0, neutral],
            [0, 0, 1, 1, 2, 2, 3, 3],
            [neutral, neutral, neutral, neutral, neutral, neutral, 0, 0],
            [0, 0, 1, 1, 2, 2, 3, 0]);

        var run = TextBenchmark.Score(p, joint: true, seed: 7, neutral, emotion.Count, 1.5, 2, 1000, emotion, LabelSetCatalog.Get("dailydialog-act"));

        // Over the non-neutral classes: TP 1, FP 1, FN 1 -> micro F1 0.5; all classes: accuracy 6/8.
        Assert.Equal(0.5, run.EmotionMicroF1Excluding, 1e-12);
        Assert.True(run.EmotionWeightedF1 > run.EmotionMicroF1Excluding);
        Assert.Equal(7, run.Seed);
        Assert.InRange(run.Jrbm, 0, 1);

        var other = run with { Joint = false, Seed = 8, EmotionMicroF1Excluding = 0.3 };
        TextBenchmark.Write(_dir, [other, run, run with { Seed = 9, EmotionMicroF1Excluding = 0.7 }], new TrainingConfig { Name = "t", Model = Meiju.Model.ModelConfig.Load("baseline") });
        var md = File.ReadAllText(Path.Combine(_dir, "text-benchmark.md"));
        Assert.Contains("| on | 2 |", md, StringComparison.Ordinal);
        Assert.Contains("0.6000 ± 0.1414", md, StringComparison.Ordinal);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_dir, "text-benchmark.csv")).Length);
    }
}
