using Meiju.Data;

namespace Meiju.Tests.Data;

public class LabelledFractionTests
{
    private static string Source()
    {
        var root = Path.Combine(Path.GetTempPath(), "meiju-core-tests", Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var lines = new List<string>();
        for (var d = 0; d < 50; d++)
        {
            for (var t = 0; t < 2 + d % 5; t++)
            {
                lines.Add($"dd-train-d{d:D5}-t{t:D2}.mp4 {(t % 3 == 0 ? "happy" : "neutral")} questioning");
            }
        }

        File.WriteAllLines(Path.Combine(root, "Training_files.txt"), lines);
        File.WriteAllLines(Path.Combine(root, "Validation_files.txt"), ["dd-valid-d00000-t00.mp4 neutral questioning"]);
        return root;
    }

    [Fact]
    public void Keeps_whole_dialogues_labelled_and_pools_the_rest_deterministically()
    {
        var source = Source();
        var a = Path.Combine(source, "a");
        var b = Path.Combine(source, "b");
        var c = Path.Combine(source, "c");
        var (labelled, unlabelled) = LabelledFraction.Write(source, a, 0.2, seed: 3);
        LabelledFraction.Write(source, b, 0.2, seed: 3);
        LabelledFraction.Write(source, c, 0.2, seed: 4);

        var total = File.ReadAllLines(Path.Combine(source, "Training_files.txt")).Length;
        Assert.Equal(total, labelled + unlabelled);
        Assert.InRange(labelled, (int)(0.2 * total), (int)(0.2 * total) + 6);
        var kept = File.ReadAllLines(Path.Combine(a, "Training_files.txt"));
        var pool = UnlabelledPool.Find(a)!;
        Assert.Equal(unlabelled, pool.Count);
        var keptDialogues = kept.Select(l => LabelledFraction.Group(LabelListFile.StripExtension(l.Split(' ')[0]))).ToHashSet();
        Assert.DoesNotContain(pool, n => keptDialogues.Contains(LabelledFraction.Group(n)));
        Assert.Equal(kept, File.ReadAllLines(Path.Combine(b, "Training_files.txt")));
        Assert.NotEqual(kept, File.ReadAllLines(Path.Combine(c, "Training_files.txt")));
        Assert.True(File.Exists(Path.Combine(a, "Validation_files.txt")));
    }

    [Fact]
    public void Pool_falls_back_to_the_official_NoAnnotation_folder()
    {
        var root = Path.Combine(Path.GetTempPath(), "meiju-core-tests", Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(root, UnlabelledPool.Folder));
        File.WriteAllText(Path.Combine(root, UnlabelledPool.Folder, "b.mp4"), "");
        File.WriteAllText(Path.Combine(root, UnlabelledPool.Folder, "a.mp4"), "");
        File.WriteAllText(Path.Combine(root, UnlabelledPool.Folder, "notes.txt"), "");
        Assert.Equal(["a", "b"], UnlabelledPool.Find(root));
        Assert.Null(UnlabelledPool.Find(Path.Combine(root, UnlabelledPool.Folder)));
    }

    [Fact]
    public void Mean_pool_averages_rows()
    {
        var mean = FeatureMeanPool.Mean(new Meiju.IO.NpyArray([2, 3], [1, 2, 3, 3, 4, 5]), "x.npy");
        Assert.Equal([1, 3], mean.Shape);
        Assert.Equal([2f, 3f, 4f], mean.Data);
        Assert.Throws<MeijuDataException>(() => FeatureMeanPool.Mean(new Meiju.IO.NpyArray([3], [1, 2, 3]), "x.npy"));
    }
}
