using Meiju.Data;
using Meiju.Data.Importers;

namespace Meiju.Tests.Data.Importers;

/// <summary>
/// The importers take a test split when the source has one. The shared data holds no test splits on purpose, so
/// each source is assembled at test time from the real files with the dev split standing in for test.
/// </summary>
public class TestSplitImportTests
{
    [SharedDataFact("mintrec-text/train.tsv", "mintrec-text/dev.tsv")]
    public void Mintrec_test_tsv_becomes_a_labelled_test_list()
    {
        using var source = new TempFolder();
        File.Copy(SharedData.PathOf("mintrec-text/train.tsv"), Path.Combine(source.Path, "train.tsv"));
        File.Copy(SharedData.PathOf("mintrec-text/dev.tsv"), Path.Combine(source.Path, "dev.tsv"));
        File.Copy(SharedData.PathOf("mintrec-text/dev.tsv"), Path.Combine(source.Path, "test.tsv"));
        AssertTestEqualsValid("mintrec", source.Path, 445);
    }

    [SharedDataFact("meld-text/train_sent_emo.csv", "meld-text/dev_sent_emo.csv")]
    public void Meld_test_csv_becomes_a_labelled_test_list()
    {
        using var source = new TempFolder();
        File.Copy(SharedData.PathOf("meld-text/train_sent_emo.csv"), Path.Combine(source.Path, "train_sent_emo.csv"));
        File.Copy(SharedData.PathOf("meld-text/dev_sent_emo.csv"), Path.Combine(source.Path, "dev_sent_emo.csv"));
        File.Copy(SharedData.PathOf("meld-text/dev_sent_emo.csv"), Path.Combine(source.Path, "test_sent_emo.csv"));
        AssertTestEqualsValid("meld", source.Path, 1109);
    }

    [SharedDataFact("dailydialog/train/dialogues_train.txt", "dailydialog/validation/dialogues_validation.txt")]
    public void Dailydialog_test_folder_becomes_a_labelled_test_list()
    {
        using var source = new TempFolder();
        CopyFolder(SharedData.PathOf("dailydialog/train"), Path.Combine(source.Path, "train"), "train", "train");
        CopyFolder(SharedData.PathOf("dailydialog/validation"), Path.Combine(source.Path, "validation"), "validation", "validation");
        CopyFolder(SharedData.PathOf("dailydialog/validation"), Path.Combine(source.Path, "test"), "validation", "test");
        AssertTestEqualsValid("dailydialog", source.Path, 8069);
    }

    [SharedDataFact("mintrec-text/train.tsv", "mintrec-text/dev.tsv")]
    public void Without_a_test_file_only_train_and_valid_are_written()
    {
        using var source = new TempFolder();
        using var out_ = new TempFolder();
        File.Copy(SharedData.PathOf("mintrec-text/train.tsv"), Path.Combine(source.Path, "train.tsv"));
        File.Copy(SharedData.PathOf("mintrec-text/dev.tsv"), Path.Combine(source.Path, "dev.tsv"));
        var report = DatasetImporter.Import("mintrec", source.Path, out_.Path);
        Assert.False(report.Counts.ContainsKey(MeijuSplit.Test));
        Assert.Null(LabelListFile.Find(out_.Path, MeijuSplit.Test));
    }

    private static void AssertTestEqualsValid(string dataset, string source, int expected)
    {
        using var out_ = new TempFolder();
        var report = DatasetImporter.Import(dataset, source, out_.Path);
        Assert.Equal(expected, report.Counts[MeijuSplit.Test]);
        var ds = MeijuDataset.Open(out_.Path, null, []);
        var valid = ds[MeijuSplit.Valid].Utterances;
        var test = ds[MeijuSplit.Test].Utterances;
        Assert.All(test, u => Assert.True(u.IsLabelled, u.Name));
        Assert.Equal(valid.Select(u => (u.Emotion, u.Intent)), test.Select(u => (u.Emotion, u.Intent)));
        Assert.Empty(ds.ValidateLabels().Problems);
    }

    private static void CopyFolder(string from, string to, string fromSplit, string toSplit)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "dialogues_*.txt"))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file).Replace(fromSplit, toSplit, StringComparison.Ordinal)));
        }
    }
}
