using Meiju.Data;
using Meiju.Data.Importers;

namespace Meiju.Tests.Data.Importers;

public class MeldAndMintrecImporterTests
{
    [SharedDataFact("meld-text/train_sent_emo.csv", "meld-text/dev_sent_emo.csv")]
    [Trait("Category", "Slow")]
    public void MeldMatchesReadmeCounts()
    {
        using var tmp = new TempFolder();
        var report = DatasetImporter.Import("meld", SharedData.PathOf("meld-text"), tmp.Path);

        Assert.Empty(report.Skipped);
        var ds = MeijuDataset.Open(tmp.Path, null, []);
        Assert.Equal("meld-emotion", ds.Emotion.Name);
        Assert.Equal("none", ds.Intent.Name);
        Assert.Empty(ds.ValidateLabels().Problems);
        var train = ds[MeijuSplit.Train].Utterances;
        var dev = ds[MeijuSplit.Valid].Utterances;
        Assert.Equal(9989, train.Count);
        Assert.Equal(1109, dev.Count);
        int Count(IReadOnlyList<LabelledUtterance> items, string label) => items.Count(u => u.Emotion == ds.Emotion.IndexOf(label));
        Assert.Equal(4710, Count(train, "neutral"));
        Assert.Equal(1743, Count(train, "joy"));
        Assert.Equal(683, Count(train, "sadness"));
        Assert.Equal(271, Count(train, "disgust"));
        Assert.Equal(470, Count(dev, "neutral"));
        Assert.Equal(22, Count(dev, "disgust"));
        Assert.All(train, u => Assert.Equal(0, u.Intent));
        Assert.Equal("meld-train-dia0-utt0", train[0].Name);
    }

    [SharedDataFact("mintrec-text/train.tsv", "mintrec-text/dev.tsv")]
    public void MintrecMatchesReadmeCounts()
    {
        using var tmp = new TempFolder();
        var report = DatasetImporter.Import("mintrec", SharedData.PathOf("mintrec-text"), tmp.Path);

        Assert.Empty(report.Skipped);
        var ds = MeijuDataset.Open(tmp.Path, null, []);
        Assert.Equal("none", ds.Emotion.Name);
        Assert.Equal("mintrec-intent", ds.Intent.Name);
        Assert.Empty(ds.ValidateLabels().Problems);
        var train = ds[MeijuSplit.Train].Utterances;
        Assert.Equal(1334, train.Count);
        Assert.Equal(445, ds[MeijuSplit.Valid].Count);
        int Count(string label) => train.Count(u => u.Intent == ds.Intent.IndexOf(label));
        Assert.Equal(172, Count("Complain"));
        Assert.Equal(170, Count("Inform"));
        Assert.Equal(31, Count("Ask for help"));
        Assert.Equal(31, Count("Joke"));
        Assert.Matches(@"^S\d+_E\d+_\d+$", train[0].Name);
        // "Ask for help" has spaces: the label list writes it with underscores and reads it back.
        Assert.Contains(File.ReadLines(Path.Combine(tmp.Path, "Training_files.txt")), l => l.EndsWith(" none Ask_for_help", StringComparison.Ordinal));
    }

    [Fact]
    public void MeldDuplicateUtteranceIsSkippedAndBadEmotionNamesLine()
    {
        using var tmp = new TempFolder();
        const string header = "Sr No.,Utterance,Speaker,Emotion,Sentiment,Dialogue_ID,Utterance_ID,Season,Episode,StartTime,EndTime\n";
        File.WriteAllText(Path.Combine(tmp.Path, "train_sent_emo.csv"), header
            + "1,\"Oh, hi.\",Ross,joy,positive,0,0,1,1,\"00:00:01,000\",\"00:00:02,000\"\n"
            + "2,Hey.,Rachel,neutral,neutral,0,0,1,1,\"00:00:02,000\",\"00:00:03,000\"\n");
        File.WriteAllText(Path.Combine(tmp.Path, "dev_sent_emo.csv"), header
            + "1,What?,Joey,boredom,neutral,3,1,1,1,\"00:00:01,000\",\"00:00:02,000\"\n");

        var ex = Assert.Throws<MeijuDataException>(() => MeldImporter.Import(tmp.Path, Path.Combine(tmp.Path, "out")));
        Assert.Equal(2, ex.Line);
        Assert.Contains("boredom", ex.Message, StringComparison.Ordinal);

        var skipped = new List<SkippedRecord>();
        var train = MeldImporter.Read(tmp.Path, MeijuSplit.Train, skipped);
        var only = Assert.Single(train);
        Assert.Equal("Oh, hi.", only.Sentence);
        Assert.Equal(3, Assert.Single(skipped).Line);
    }

    [Fact]
    public void UnknownDatasetIsRejected()
    {
        using var tmp = new TempFolder();
        Assert.Throws<ArgumentException>(() => DatasetImporter.Import("iemocap", tmp.Path, tmp.File("out")));
        Assert.Throws<MeijuDataException>(() => DatasetImporter.Import("meld", tmp.File("missing"), tmp.File("out")));
    }
}
