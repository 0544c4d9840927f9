using Meiju.Data;
using Meiju.Data.Importers;
using Meiju.Labels;

namespace Meiju.Tests.Data.Importers;

public class DailyDialogImporterTests
{
    // ../shared/data/dailydialog/README.txt, utterance counts per code.
    private static readonly int[] TrainEmotionCodes = [72143, 827, 303, 146, 11182, 969, 1600];
    private static readonly int[] ValidEmotionCodes = [7108, 77, 3, 11, 684, 79, 107];
    private static readonly int[] ValidActCodes = [3125, 2244, 1775, 925];

    [SharedDataFact("dailydialog/train/dialogues_train.txt", "dailydialog/validation/dialogues_validation.txt")]
    [Trait("Category", "Slow")]
    public void ImportMatchesReadmeCountsAndSkipsTheMismatchedDialogue()
    {
        using var tmp = new TempFolder();
        var report = DailyDialogImporter.Import(SharedData.PathOf("dailydialog"), tmp.Path);

        var skipped = Assert.Single(report.Skipped);
        Assert.Contains("utterances but", skipped.Reason, StringComparison.Ordinal);
        var ds = MeijuDataset.Open(tmp.Path, null, []);
        Assert.Equal("dailydialog-emotion", ds.Emotion.Name);
        Assert.Equal("dailydialog-act", ds.Intent.Name);
        Assert.Empty(ds.ValidateLabels().Problems);

        var valid = ds[MeijuSplit.Valid].Utterances;
        Assert.Equal(ValidEmotionCodes, CodeCounts(valid, ds.Emotion));
        Assert.Equal(ValidActCodes, Enumerable.Range(0, 4).Select(a => valid.Count(u => u.Intent == a)).ToArray());

        // Train: the README counts all labels, including the 11 of the skipped dialogue.
        var train = ds[MeijuSplit.Train].Utterances;
        var trainCounts = CodeCounts(train, ds.Emotion);
        Assert.Equal(TrainEmotionCodes.Sum() - 11, trainCounts.Sum());
        for (var code = 0; code < 7; code++)
        {
            Assert.InRange(TrainEmotionCodes[code] - trainCounts[code], 0, 11);
        }

        Assert.Equal(valid.Count, TranscriptionCsv.Read(TranscriptionCsv.Find(tmp.Path, MeijuSplit.Valid)!, ds.Emotion, ds.Intent).Count);
        Assert.Equal("dd-validation-d00000-t00", valid[0].Name);
    }

    [SharedDataFact("dailydialog/train/dialogues_train.txt")]
    [Trait("Category", "Slow")]
    public void SubsampleIsDialogueLevelAndSeeded()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        var source = SharedData.PathOf("dailydialog");
        DailyDialogImporter.Import(source, a.Path, new ImportOptions { MaxTrainDialogues = 50, Seed = 3 });
        DailyDialogImporter.Import(source, b.Path, new ImportOptions { MaxTrainDialogues = 50, Seed = 3 });
        var report = DailyDialogImporter.Import(source, c.Path, new ImportOptions { MaxTrainDialogues = 50, Seed = 4 });

        var listA = File.ReadAllLines(Path.Combine(a.Path, "Training_files.txt"));
        Assert.Equal(listA, File.ReadAllLines(Path.Combine(b.Path, "Training_files.txt")));
        Assert.NotEqual(listA, File.ReadAllLines(Path.Combine(c.Path, "Training_files.txt")));
        Assert.Equal(50, listA.Select(l => l[..l.LastIndexOf("-t", StringComparison.Ordinal)]).Distinct().Count());
        Assert.Equal(8069, report.Counts[MeijuSplit.Valid]);
        Assert.Equal(87159, report.SourceCounts[MeijuSplit.Train]);
    }

    [Fact]
    public void CountMismatchIsSkippedAndReported()
    {
        using var tmp = new TempFolder();
        var src = Path.Combine(tmp.Path, "src");
        foreach (var (folder, dialogues, emo, act) in new[]
                 {
                     ("train", "Hi . __eou__ Hello ! __eou__\nHow are you ? __eou__ Fine . __eou__ Bye __eou__\n", "0 4\n0 0\n", "2 1\n2 1\n"),
                     ("validation", "Yes , sir . __eou__\n", "6\n", "4\n"),
                 })
        {
            Directory.CreateDirectory(Path.Combine(src, folder));
            File.WriteAllText(Path.Combine(src, folder, $"dialogues_{folder}.txt"), dialogues);
            File.WriteAllText(Path.Combine(src, folder, $"dialogues_emotion_{folder}.txt"), emo);
            File.WriteAllText(Path.Combine(src, folder, $"dialogues_act_{folder}.txt"), act);
        }

        var report = DailyDialogImporter.Import(src, Path.Combine(tmp.Path, "out"));

        Assert.Equal(2, report.Counts[MeijuSplit.Train]);
        Assert.Equal(1, report.Counts[MeijuSplit.Valid]);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(2, skipped.Line);
        var ds = MeijuDataset.Open(Path.Combine(tmp.Path, "out"), null, []);
        var train = ds[MeijuSplit.Train].Utterances;
        Assert.Equal(["dd-train-d00000-t00", "dd-train-d00000-t01"], train.Select(u => u.Name));
        Assert.Equal(ds.Emotion.IndexOf("happy"), train[1].Emotion);
        Assert.Equal(ds.Intent.IndexOf("inform"), train[1].Intent);
        Assert.Equal(ds.Emotion.IndexOf("surprise"), ds[MeijuSplit.Valid].Utterances[0].Emotion);
        var rows = TranscriptionCsv.Read(Path.Combine(tmp.Path, "out", "Training_transcription.csv"), ds.Emotion, ds.Intent);
        Assert.Equal("Hello !", rows[1].Sentence);
    }

    [Fact]
    public void UnknownCodeNamesFileAndLine()
    {
        using var tmp = new TempFolder();
        foreach (var folder in new[] { "train", "validation" })
        {
            Directory.CreateDirectory(Path.Combine(tmp.Path, folder));
            File.WriteAllText(Path.Combine(tmp.Path, folder, $"dialogues_{folder}.txt"), "A __eou__\nB __eou__\n");
            File.WriteAllText(Path.Combine(tmp.Path, folder, $"dialogues_emotion_{folder}.txt"), "0\n9\n");
            File.WriteAllText(Path.Combine(tmp.Path, folder, $"dialogues_act_{folder}.txt"), "1\n1\n");
        }

        var ex = Assert.Throws<MeijuDataException>(() => DailyDialogImporter.Import(tmp.Path, Path.Combine(tmp.Path, "out")));
        Assert.Equal(2, ex.Line);
        Assert.EndsWith("dialogues_emotion_train.txt", ex.FilePath, StringComparison.Ordinal);
    }

    // Counts per DailyDialog code (0 no emotion .. 6 surprise): the codes are aliases of the dailydialog-emotion set.
    private static int[] CodeCounts(IReadOnlyList<LabelledUtterance> items, LabelSet set) =>
        [.. Enumerable.Range(0, 7).Select(code => items.Count(u => u.Emotion == set.IndexOf(code.ToString(System.Globalization.CultureInfo.InvariantCulture))))];
}
