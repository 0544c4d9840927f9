using Meiju.Data;
using Meiju.Metrics;

namespace Meiju.Tests.Data;

public sealed class DatasetStatisticsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("meiju-stats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CountsSplitsAndScoresTheMajorityBaseline()
    {
        File.WriteAllLines(Path.Combine(_dir, "Training_files.txt"),
            ["t1.mp4 neutral neutral", "t2.mp4 neutral questioning", "t3.mp4 happy questioning", "t4.mp4 neutral questioning", "t5.mp4 sad agreeing"]);
        File.WriteAllLines(Path.Combine(_dir, "Validation_files.txt"),
            ["v1.mp4 neutral questioning", "v2.mp4 happy neutral", "v3.mp4 neutral neutral", "v4.mp4 neutral questioning"]);
        File.WriteAllLines(Path.Combine(_dir, "Testing_files.txt"), ["x1.mp4", "x2.mp4"]);

        var stats = DatasetStatistics.Compute(_dir, ChallengeTrack.Track2);

        Assert.Equal([MeijuSplit.Train, MeijuSplit.Valid, MeijuSplit.Test], stats.Splits.Select(s => s.Split));
        Assert.Equal(5, stats.Train.Labelled);
        Assert.Equal(3, stats.Train.EmotionCounts[6]);
        Assert.Equal((2, 0), (stats.Splits[2].Utterances, stats.Splits[2].Labelled));
        Assert.Equal(3.0, stats.EmotionImbalance);       // neutral 3 / happy 1
        Assert.Contains("fear", stats.EmotionAbsentInTrain);
        var majority = Assert.IsType<MajorityBaseline>(stats.Majority);
        Assert.Equal((6, 0), (majority.Emotion, majority.Intent));
        Assert.Equal(0.75, majority.Report.EmotionScore, 12);
        Assert.Equal(0.5, majority.Report.IntentScore, 12);
        Assert.Equal(Jrbm.Compute(0.75, 0.5), majority.Report.Jrbm, 12);
        Assert.Contains("\"emotion_imbalance\": 3", stats.ToJson());
    }

    [Fact]
    public void WithoutAValidationListThereIsNoBaseline()
    {
        File.WriteAllLines(Path.Combine(_dir, "train_filelist.txt"), ["a happy neutral", "b sad neutral"]);
        var stats = DatasetStatistics.Compute(_dir, ChallengeTrack.Track1);
        Assert.Null(stats.Majority);
        Assert.Null(stats.Valid);
        Assert.Equal(1.0, stats.EmotionImbalance);
        Assert.Contains("\"majority\": null", stats.ToJson());
    }

    [Fact]
    public void NoTrainingListIsAnErrorNamingTheFolder()
    {
        var ex = Assert.Throws<MeijuDataException>(() => DatasetStatistics.Compute(_dir));
        Assert.Equal(_dir, ex.FilePath);
    }

    [SharedDataFact("meiju-labels/Track2_English")]
    public void Track2EnglishMatchesThePublishedCounts()
    {
        var stats = DatasetStatistics.Compute(SharedData.PathOf("meiju-labels/Track2_English"));
        Assert.Equal(ChallengeTrack.Track2, stats.Track);
        Assert.Equal(31_320, stats.Train.Utterances);
        Assert.Equal(4_474, stats.Valid!.Utterances);
        Assert.Equal(14_955, stats.Train.EmotionCounts[6]);
        var majority = stats.Majority!;
        Assert.Equal(0.435, majority.Report.Jrbm, 0.0015);
    }

    [SharedDataFact("meiju-labels/Track1_English_origin")]
    public void Track1IsGuessedAndScoredWeighted()
    {
        var stats = DatasetStatistics.Compute(SharedData.PathOf("meiju-labels/Track1_English_origin"));
        Assert.Equal(ChallengeTrack.Track1, stats.Track);
        Assert.Equal(3_161, stats.Train.Utterances);
        Assert.Equal(970, stats.Train.EmotionCounts[6]);
        Assert.Equal(F1Average.Weighted, stats.Majority!.Report.Metric);
    }
}
