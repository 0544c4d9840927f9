using Meiju.Metrics;

namespace Meiju.Tests.Metrics;

public sealed class PredictionEvaluatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("meiju-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ScoresInLabelListOrderAndChecksCoverage()
    {
        var labels = Write("Validation_files.txt", "a.mp4 happy questioning", "b.mp4 neutral neutral", "c.mp4 sad wishing");
        var preds = Write("p.csv", "filename,emo_pred,int_pred", "c,sad,neutral", "a,happy,questioning", "b,neutral,neutral");
        var report = PredictionEvaluator.Evaluate(preds, labels, ChallengeTrack.Track2);
        Assert.Equal(3, report.Samples);
        Assert.Equal(1.0, report.EmotionScore, 12);
        Assert.Equal(2.0 / 3, report.IntentScore, 12);

        var extra = Write("extra.csv", "a,happy,questioning", "b,neutral,neutral", "c,sad,wishing", "d,sad,wishing");
        var ex = Assert.Throws<MeijuDataException>(() => PredictionEvaluator.Evaluate(extra, labels, ChallengeTrack.Track2));
        Assert.Equal((extra, 4), (ex.FilePath, ex.Line));
        Assert.Contains("'d'", ex.Message);

        var missing = Write("missing.csv", "a,happy,questioning", "c,sad,wishing");
        ex = Assert.Throws<MeijuDataException>(() => PredictionEvaluator.Evaluate(missing, labels, ChallengeTrack.Track2));
        Assert.Equal((labels, 2), (ex.FilePath, ex.Line));
        Assert.Contains("no prediction for 'b'", ex.Message);

        var test = Write("Testing_files.txt", "a.mp4", "b.mp4", "c.mp4");
        ex = Assert.Throws<MeijuDataException>(() => PredictionEvaluator.Evaluate(preds, test, ChallengeTrack.Track2));
        Assert.Equal(test, ex.FilePath);
    }

    [Fact]
    public void AllClassesChangesMacroOnly()
    {
        var labels = Write("Validation_files.txt", "a.mp4 happy questioning", "b.mp4 neutral neutral", "c.mp4 neutral wishing");
        var preds = Write("p.csv", "a,happy,questioning", "b,neutral,wishing", "c,happy,wishing");
        var present = PredictionEvaluator.Evaluate(preds, labels, ChallengeTrack.Track1);
        var all = PredictionEvaluator.Evaluate(preds, labels, ChallengeTrack.Track1, fullLabelSets: true);
        Assert.Equal(present.Jrbm, all.Jrbm, 12);
        Assert.Equal(present.Emotion.Micro.F1, all.Emotion.Micro.F1, 12);
        Assert.True(all.Emotion.Macro.F1 < present.Emotion.Macro.F1);
        Assert.Equal(7, all.Emotion.Classes.Count);
        Assert.Equal(2, present.Emotion.Classes.Count);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
