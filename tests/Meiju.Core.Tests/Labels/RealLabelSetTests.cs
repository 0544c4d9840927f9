using Meiju.Labels;

namespace Meiju.Tests.Labels;

/// <summary>The declared label sets read the real datasets' own label columns without a miss.</summary>
public class RealLabelSetTests
{
    [SharedDataFact("meld-text/train_sent_emo.csv")]
    public void MeldEmotionsAllMapAndJoyBecomesHappy()
    {
        var set = LabelSetCatalog.Get("meld-emotion");
        using var reader = CsvHelper.CsvReader.FromFile(SharedData.PathOf("meld-text/train_sent_emo.csv"), CsvHelper.CsvReaderOptions.Default with { AllowLineBreaksInQuotes = true });
        var counts = new int[set.Count];
        var rows = 0;
        while (reader.Read())
        {
            var index = set.IndexOf(reader.GetString("Emotion"));
            Assert.True(index >= 0, $"unmapped MELD emotion '{reader.GetString("Emotion")}'");
            counts[index]++;
            rows++;
        }

        // README.txt: train 9989: joy 1743, neutral 4710, sadness 683.
        Assert.Equal(9_989, rows);
        Assert.Equal(1_743, counts[set.IndexOf("happy")]);
        Assert.Equal(683, counts[set.IndexOf("sad")]);
        Assert.Equal(4_710, counts[set.IndexOf("neutral")]);
    }

    [SharedDataFact("mintrec-text/train.tsv")]
    public void MintrecLabelsAllResolve()
    {
        var set = LabelSetCatalog.Get("mintrec-intent");
        var labels = File.ReadLines(SharedData.PathOf("mintrec-text/train.tsv")).Skip(1).Select(l => l.Split('\t')[^1]).ToArray();
        Assert.Equal(1_334, labels.Length);
        Assert.All(labels, l => Assert.True(set.IndexOf(l) >= 0, $"unmapped MIntRec intent '{l}'"));
        Assert.Equal(20, labels.Select(set.IndexOf).Distinct().Count());
        Assert.Equal(172, labels.Count(l => set.IndexOf(l) == set.IndexOf("Complain")));
    }

    [SharedDataFact("dailydialog/validation")]
    public void DailyDialogCodesMapWithTheReadmeCounts()
    {
        var emotion = LabelSetCatalog.Get("dailydialog-emotion");
        var act = LabelSetCatalog.Get("dailydialog-act");
        var folder = SharedData.PathOf("dailydialog/validation");
        var emotions = Codes(Directory.GetFiles(folder, "*emotion*")[0]).Select(emotion.IndexOf).ToArray();
        var acts = Codes(Directory.GetFiles(folder, "*act*")[0]).Select(act.IndexOf).ToArray();
        Assert.DoesNotContain(-1, emotions);
        Assert.DoesNotContain(-1, acts);
        // README.txt, validation: emo {0:7108, 4:684}; act {1:3125, 2:2244}.
        Assert.Equal(7_108, emotions.Count(e => e == MeijuLabels.Emotion.IndexOf("neutral")));
        Assert.Equal(684, emotions.Count(e => e == MeijuLabels.Emotion.IndexOf("happy")));
        Assert.Equal(3_125, acts.Count(a => a == act.IndexOf("inform")));
        Assert.Equal(2_244, acts.Count(a => a == act.IndexOf("question")));
    }

    private static IEnumerable<string> Codes(string path) =>
        File.ReadLines(path).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
