namespace Meiju.Tests.Cli.Commands;

public class DatasetImportCommandTests
{
    [Fact]
    public void ImportsDailyDialogAndReportsTheSkippedDialogue()
    {
        using var layout = new TempLayout();
        var src = Path.Combine(layout.Root, "dd-src");
        foreach (var (folder, text, emo, act) in new[]
                 {
                     ("train", "Hi . __eou__ Hello ! __eou__\nA __eou__ B __eou__ C __eou__\nOK __eou__\n", "0 4\n0 0\n6\n", "2 1\n1 1\n3\n"),
                     ("validation", "Yes . __eou__\n", "0\n", "1\n"),
                 })
        {
            Directory.CreateDirectory(Path.Combine(src, folder));
            File.WriteAllText(Path.Combine(src, folder, $"dialogues_{folder}.txt"), text);
            File.WriteAllText(Path.Combine(src, folder, $"dialogues_emotion_{folder}.txt"), emo);
            File.WriteAllText(Path.Combine(src, folder, $"dialogues_act_{folder}.txt"), act);
        }

        var outDir = Path.Combine(layout.Root, "dd");
        var (code, output) = CliHarness.Run("dataset", "import", "dailydialog", "--source", src, "--out", outDir, "--max-train-dialogues", "1", "--seed", "2");

        Assert.Equal(0, code);
        Assert.Contains("skipped", output);
        Assert.Contains("dialogues_train.txt:2", output.Replace("\n", string.Empty, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(outDir, "labelsets.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "import.json")));
        var train = File.ReadAllLines(Path.Combine(outDir, "Training_files.txt"));
        Assert.True(train.Length is 1 or 2, string.Join("|", train));
        Assert.Single(File.ReadAllLines(Path.Combine(outDir, "Validation_files.txt")));

        var (validate, _) = CliHarness.Run("dataset", "validate", outDir, "--labels-only");
        Assert.Equal(0, validate);
    }

    [Fact]
    public void UnknownDatasetIsAnError()
    {
        using var layout = new TempLayout();
        var outDir = Path.Combine(layout.Root, "x");
        var (code, _) = CliHarness.Run("dataset", "import", "iemocap", "--source", layout.Root, "--out", outDir);
        Assert.NotEqual(0, code);
        Assert.False(Directory.Exists(outDir));
    }
}
