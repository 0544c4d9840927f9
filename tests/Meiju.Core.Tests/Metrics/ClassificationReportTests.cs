using Meiju.Labels;
using Meiju.Metrics;

namespace Meiju.Tests.Metrics;

public class ClassificationReportTests
{
    [Fact]
    public void MicroF1EqualsAccuracyWhenEveryClassIsScored()
    {
        var rng = new Random(7);
        var yTrue = Enumerable.Range(0, 300).Select(_ => rng.Next(7)).ToArray();
        var yPred = yTrue.Select(y => rng.NextDouble() < 0.4 ? y : rng.Next(7)).ToArray();
        var report = ClassificationReport.Compute(yTrue, yPred);
        Assert.Equal(report.Accuracy, report.Micro.F1, 12);
        Assert.Equal(300, report.Confusion.Total);
    }

    [Fact]
    public void ANeverPredictedClassHasZeroPrecisionAndLowersMacroNotWeighted()
    {
        int[] yTrue = [0, 0, 1, 1, 2, 2];
        int[] yPred = [0, 0, 1, 1, 1, 1];
        var report = ClassificationReport.Compute(yTrue, yPred, labelSet: MeijuLabels.Emotion);
        var sad = report.Classes.Single(c => c.Label == 2);
        Assert.Equal("sad", sad.Name);
        Assert.Equal(0.0, sad.Precision);
        Assert.Equal(0.0, sad.F1);
        Assert.Equal(2, sad.Support);
        Assert.True(report.Macro.F1 < report.Weighted.F1 + 1e-12);
    }

    [Fact]
    public void AddingAbsentClassesChangesMacroOnly()
    {
        int[] yTrue = [0, 1, 1, 6, 6, 6];
        int[] yPred = [0, 6, 1, 6, 6, 1];
        var present = ClassificationReport.Compute(yTrue, yPred);
        var full = ClassificationReport.Compute(yTrue, yPred, Enumerable.Range(0, 7).ToArray());
        Assert.Equal(present.Micro.F1, full.Micro.F1, 12);
        Assert.Equal(present.Weighted.F1, full.Weighted.F1, 12);
        Assert.True(full.Macro.F1 < present.Macro.F1);
        Assert.Equal(7, full.Confusion.Size);
    }

    [Fact]
    public void RowNormalizedRowsSumToOneOrZero()
    {
        var cm = ConfusionMatrix.Compute([0, 0, 1, 2], [0, 1, 1, 1], [0, 1, 2, 3]);
        var rows = cm.RowNormalized();
        Assert.Equal(1.0, rows[0].Sum(), 12);
        Assert.Equal(0.5, rows[0][1], 12);
        Assert.Equal(0.0, rows[3].Sum());
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => ClassificationReport.Compute([], []));
        Assert.Throws<ArgumentException>(() => ClassificationReport.Compute([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => ClassificationReport.Compute([1, 2], [1, 2], [1, 1]));
    }

    [Theory]
    [InlineData(ChallengeTrack.Track1, F1Average.Weighted)]
    [InlineData(ChallengeTrack.Track2, F1Average.Micro)]
    public void EachTrackRanksByItsMetric(ChallengeTrack track, F1Average metric)
    {
        int[] emoTrue = [0, 1, 1, 6, 6, 6, 6];
        int[] emoPred = [0, 6, 1, 6, 6, 1, 6];
        int[] intTrue = [7, 7, 0, 0, 2, 7, 7];
        int[] intPred = [7, 0, 0, 0, 7, 7, 2];
        var joint = JointReport.Compute(track, emoTrue, emoPred, intTrue, intPred, MeijuLabels.Emotion, MeijuLabels.Intent);
        Assert.Equal(metric, joint.Metric);
        Assert.Equal(joint.Emotion.F1(metric), joint.EmotionScore);
        Assert.Equal(joint.Intent.F1(metric), joint.IntentScore);
        Assert.Equal(Jrbm.Compute(joint.EmotionScore, joint.IntentScore), joint.Jrbm);
        Assert.Contains("\"jrbm\"", joint.ToJson());
    }

    [Theory]
    [InlineData("Track1_English_origin", ChallengeTrack.Track1)]
    [InlineData("Track2_Mandarin", ChallengeTrack.Track2)]
    [InlineData("meiju-mini", null)]
    public void TrackIsGuessedFromFolderNames(string name, ChallengeTrack? expected) =>
        Assert.Equal(expected, ChallengeTrackExtensions.FromName(name));
}
