using Meiju.Data;
using Meiju.Labels;

namespace Meiju.Tests.Data;

public class LabelListFileTests
{
    [Fact]
    public void ReadAllReportsEveryBadLineAndKeepsTheGoodOnes()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("Training_files.txt");
        File.WriteAllLines(path, ["a.mp4 happy agreeing", "b.mp4 joyful agreeing", "c.mp4 sad", "a.mp4 sad neutral", "d.mp4 sad pondering"]);
        var (items, problems) = LabelListFile.ReadAll(path, MeijuLabels.Emotion, MeijuLabels.Intent);
        Assert.Equal(["a"], items.Select(u => u.Name));
        Assert.Equal([2, 3, 4, 5], problems.Select(p => p.Line));
        Assert.All(problems, p => Assert.Equal(path, p.Path));
        Assert.Contains("pondering", problems[^1].Message);
        var ex = Assert.Throws<MeijuDataException>(() => LabelListFile.Read(path, MeijuLabels.Emotion, MeijuLabels.Intent));
        Assert.Equal(2, ex.Line);
    }

    [SharedDataFact("meiju-labels/Track2_English/train_filelist.txt")]
    public void ReadsTrack2EnglishWithTheOfficialCounts()
    {
        var root = SharedData.PathOf("meiju-labels/Track2_English");
        var train = LabelListFile.Read(LabelListFile.Find(root, MeijuSplit.Train)!, MeijuLabels.Emotion, MeijuLabels.Intent);
        var valid = LabelListFile.Read(LabelListFile.Find(root, MeijuSplit.Valid)!, MeijuLabels.Emotion, MeijuLabels.Intent);
        var test = LabelListFile.Read(LabelListFile.Find(root, MeijuSplit.Test)!, MeijuLabels.Emotion, MeijuLabels.Intent);
        Assert.Equal(31_320, train.Count);
        Assert.Equal(4_474, valid.Count);
        Assert.Equal(8_950, test.Count);
        Assert.Equal(14_955, train.Count(u => u.Emotion == MeijuLabels.Emotion.IndexOf("neutral")));
        Assert.Equal(12_474, train.Count(u => u.Intent == MeijuLabels.Intent.IndexOf("neutral")));
        Assert.All(test, u => Assert.False(u.IsLabelled));
    }

    [SharedDataFact("meiju-labels/Track1_English_origin", "meiju-labels/Track1_Mandarin_origin", "meiju-labels/Track2_Mandarin")]
    public void ReadsTheOtherTracksWithTheirCounts()
    {
        (string Folder, int Train, int Valid, int Test)[] expected =
        [
            ("Track1_English_origin", 3161, 449, 895),
            ("Track1_Mandarin_origin", 2294, 324, 643),
            ("Track2_Mandarin", 7581, 1083, 2166),
        ];
        foreach (var (folder, trainCount, validCount, testCount) in expected)
        {
            var dataset = MeijuDataset.Open(SharedData.PathOf("meiju-labels/" + folder), null);
            Assert.Equal(trainCount, dataset[MeijuSplit.Train].Count);
            Assert.Equal(validCount, dataset[MeijuSplit.Valid].Count);
            Assert.Equal(testCount, dataset[MeijuSplit.Test].Count);
            Assert.True(dataset.ValidateLabels().IsValid);
        }
    }

    [SharedDataFact("meiju-labels/Track1_English_origin/train_filelist.txt")]
    public void Track1EnglishClassCountsMatchTheReadme()
    {
        var train = MeijuDataset.Open(SharedData.PathOf("meiju-labels/Track1_English_origin"), null)[MeijuSplit.Train].Utterances;
        // README.txt: emo anger 361, disgust 347, fear 349, happy 423, neutral 970, sad 356, surprise 355.
        var byName = train.GroupBy(u => MeijuLabels.Emotion[u.Emotion]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(423, byName["happy"]);
        Assert.Equal(970, byName["neutral"]);
        Assert.Equal(347, byName["disgust"]);
        // int question 468, wish 313.
        Assert.Equal(468, train.Count(u => u.Intent == MeijuLabels.Intent.IndexOf("questioning")));
        Assert.Equal(313, train.Count(u => u.Intent == MeijuLabels.Intent.IndexOf("wishing")));
    }
}
