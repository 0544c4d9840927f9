namespace Meiju.Tests.Cli.Commands;

public class DatasetSplitLabelledCommandTests
{
    [Fact]
    public void Splits_train_into_labelled_dialogues_and_an_unlabelled_pool()
    {
        using var layout = new TempLayout();
        var src = Path.Combine(layout.Root, "src");
        Directory.CreateDirectory(src);
        File.WriteAllLines(Path.Combine(src, "Training_files.txt"), Enumerable.Range(0, 40).Select(i => $"dd-train-d{i / 4:D5}-t{i % 4:D2}.mp4 neutral questioning"));
        File.WriteAllLines(Path.Combine(src, "Validation_files.txt"), ["dd-valid-d00000-t00.mp4 neutral questioning"]);
        var outDir = Path.Combine(layout.Root, "low");

        var (code, _) = CliHarness.Run("dataset", "split-labelled", "--data", src, "--out", outDir, "--labelled-fraction", "0.3", "--seed", "5");

        Assert.Equal(0, code);
        var labelled = File.ReadAllLines(Path.Combine(outDir, "Training_files.txt"));
        var pool = File.ReadAllLines(Path.Combine(outDir, "NoAnnotation_files.txt"));
        Assert.Equal(12, labelled.Length); // three whole dialogues of four turns
        Assert.Equal(28, pool.Length);
        Assert.Empty(labelled.Select(l => l.Split(' ')[0]).Intersect(pool));
    }

    [Fact]
    public void Rejects_a_fraction_outside_zero_one()
    {
        using var layout = new TempLayout();
        var (code, _) = CliHarness.Run("dataset", "split-labelled", "--data", layout.Root, "--out", Path.Combine(layout.Root, "x"), "--labelled-fraction", "1.5");
        Assert.NotEqual(0, code);
    }
}
