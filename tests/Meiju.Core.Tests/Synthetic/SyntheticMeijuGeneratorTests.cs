using Meiju.Data;
using Meiju.IO;
using Meiju.Labels;
using Meiju.Synthetic;

namespace Meiju.Tests.Synthetic;

/// <summary>One generated dataset shared by the learnability tests (generating it is the slow part).</summary>
public sealed class LearnableDatasetFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public LearnableDatasetFixture() => SyntheticMeijuGenerator.Generate(_folder.Path, SyntheticMeijuGeneratorTests.Small());

    public string Root => _folder.Path;

    public void Dispose() => _folder.Dispose();
}

public class SyntheticMeijuGeneratorTests(LearnableDatasetFixture learnable) : IClassFixture<LearnableDatasetFixture>
{
    internal static SyntheticMeijuOptions Small(long seed = 3, double signal = 1.0) => new()
    {
        TrainCount = 300,
        ValidCount = 150,
        TestCount = 10,
        Features = [new("A", 32, 8, 20), new("V", 24, 4, 10), new("L", 48, 4, 12)],
        Signal = signal,
        Seed = seed,
    };

    [Fact]
    public void SameSeedGivesIdenticalBytesAndAnotherSeedDoesNot()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        var options = Small() with { TrainCount = 20, ValidCount = 5, TestCount = 5 };
        SyntheticMeijuGenerator.Generate(a.Path, options);
        SyntheticMeijuGenerator.Generate(b.Path, options);
        SyntheticMeijuGenerator.Generate(c.Path, options with { Seed = 4 });
        var filesA = Files(a.Path);
        Assert.Equal(filesA.Keys, Files(b.Path).Keys);
        Assert.Equal(3 * 30 + 8, filesA.Count);
        foreach (var (rel, bytes) in Files(b.Path))
        {
            Assert.True(bytes.SequenceEqual(filesA[rel]), $"{rel} differs between two runs with the same seed");
        }

        var filesC = Files(c.Path);
        Assert.False(filesC["Training_files.txt"].SequenceEqual(filesA["Training_files.txt"]) && filesC[Path.Combine("features", "A", "Synth_Training_00001.npy")].SequenceEqual(filesA[Path.Combine("features", "A", "Synth_Training_00001.npy")]));
    }

    [Fact]
    public void WritesTheOfficialLayout()
    {
        using var tmp = new TempFolder();
        var options = Small() with { TrainCount = 6, ValidCount = 3, TestCount = 2 };
        var result = SyntheticMeijuGenerator.Generate(tmp.Path, options);
        Assert.Equal("Synth_Training_00001.mp4 ", File.ReadLines(tmp.File("Training_files.txt")).First()[..25]);
        Assert.Equal(["Synth_Testing_00001.mp4", "Synth_Testing_00002.mp4"], File.ReadAllLines(tmp.File("Testing_files.txt")));
        var answers = LabelListFile.Read(tmp.File(SyntheticMeijuGenerator.TestAnswersFile), MeijuLabels.Emotion, MeijuLabels.Intent);
        Assert.Equal(result.Utterances[MeijuSplit.Test], answers);
        var array = NpyFile.Read(tmp.File(Path.Combine("features", "L", "Synth_Validation_00003.npy")));
        Assert.Equal(48, array.Shape[1]);
        Assert.InRange(array.Shape[0], 4, 12);
        Assert.True(MeijuDataset.Open(tmp.Path, null).Validate().IsValid);
    }

    [Fact]
    public void RefusesToWriteIntoAFolderWithOtherFiles()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("mine.txt"), "keep me");
        var ex = Assert.Throws<MeijuDataException>(() => SyntheticMeijuGenerator.Generate(tmp.Path, Small() with { TrainCount = 2, ValidCount = 1, TestCount = 1 }));
        Assert.Contains("not empty", ex.Message);
        Assert.True(File.Exists(tmp.File("mine.txt")));
    }

    [Fact]
    public void RegeneratingRemovesStaleUtterances()
    {
        using var tmp = new TempFolder();
        SyntheticMeijuGenerator.Generate(tmp.Path, Small() with { TrainCount = 5, ValidCount = 1, TestCount = 1 });
        SyntheticMeijuGenerator.Generate(tmp.Path, Small() with { TrainCount = 2, ValidCount = 1, TestCount = 1 });
        Assert.Equal(4, Directory.GetFiles(tmp.File(Path.Combine("features", "A"))).Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void EachModalityAlonePredictsBothLabels(int feature)
    {
        var dataset = MeijuDataset.Open(learnable.Root, null, Small().Features[feature].Name);
        var (emotion, intent) = NearestCentroidAccuracy(dataset);
        // Chance is 1/7 and 1/8. Nearest centroid on mean-pooled frames is a weak learner, and the V-like feature
        // has only 4-10 frames, so the bar is 3.5x chance rather than near-perfect.
        Assert.True(emotion > 0.45, $"emotion accuracy {emotion:F3}");
        Assert.True(intent > 0.45, $"intent accuracy {intent:F3}");
    }

    [Fact]
    public void WithoutSignalNothingIsLearnable()
    {
        using var tmp = new TempFolder();
        SyntheticMeijuGenerator.Generate(tmp.Path, Small(signal: 0));
        var (emotion, intent) = NearestCentroidAccuracy(MeijuDataset.Open(tmp.Path, null, "A"));
        Assert.True(emotion < 0.35, $"emotion accuracy {emotion:F3} without signal");
        Assert.True(intent < 0.4, $"intent accuracy {intent:F3} without signal");
    }

    [Fact]
    public void ImbalancedPriorsAreNeutralHeavyAndIntentFollowsEmotion()
    {
        using var tmp = new TempFolder();
        var result = SyntheticMeijuGenerator.Generate(tmp.Path, Small() with { TrainCount = 2000, ValidCount = 1, TestCount = 1, Imbalanced = true, Features = [new("A", 2, 1, 1)] });
        var train = result.Utterances[MeijuSplit.Train];
        var neutral = MeijuLabels.Emotion.IndexOf("neutral");
        var share = train.Count(u => u.Emotion == neutral) / (double)train.Count;
        Assert.InRange(share, 0.42, 0.54); // Track 2 English: 14,955 / 31,320 = 0.477
        var sad = train.Where(u => u.Emotion == MeijuLabels.Emotion.IndexOf("sad")).ToArray();
        var consoling = sad.Count(u => u.Intent == MeijuLabels.Intent.IndexOf("consoling")) / (double)sad.Length;
        Assert.True(consoling > 0.3, $"P(consoling | sad) = {consoling:F3}");
    }

    [Theory]
    [InlineData("wav2vec:512", "wav2vec", 512, 8, 32)]
    [InlineData("L:24:4-12", "L", 24, 4, 12)]
    public void ParsesFeatureSpecs(string text, string name, int d, int min, int max) =>
        Assert.Equal(new SyntheticFeature(name, d, min, max), SyntheticFeature.Parse(text));

    [Theory]
    [InlineData("wav2vec")]
    [InlineData("a:1")]
    [InlineData("a:8:9-3")]
    [InlineData("a:x")]
    public void RejectsBadFeatureSpecs(string text) =>
        Assert.Throws<ArgumentException>(() => SyntheticFeature.Parse(text));

    private static Dictionary<string, byte[]> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);

    private static (double Emotion, double Intent) NearestCentroidAccuracy(MeijuDataset dataset)
    {
        static float[] Pool(NpyArray a)
        {
            var d = a.RowWidth;
            var mean = new float[d];
            for (var t = 0; t < a.Rows; t++)
            {
                for (var j = 0; j < d; j++)
                {
                    mean[j] += a.Data[t * d + j] / a.Rows;
                }
            }

            return mean;
        }

        var train = dataset[MeijuSplit.Train].Utterances.Select((u, i) => (u, x: Pool(dataset[MeijuSplit.Train].LoadFeatures(i).Features[0]))).ToArray();
        var valid = dataset[MeijuSplit.Valid].Utterances.Select((u, i) => (u, x: Pool(dataset[MeijuSplit.Valid].LoadFeatures(i).Features[0]))).ToArray();

        double Accuracy(Func<LabelledUtterance, int> label)
        {
            var centroids = train.GroupBy(p => label(p.u)).ToDictionary(
                g => g.Key,
                g => Enumerable.Range(0, g.First().x.Length).Select(j => g.Average(p => p.x[j])).ToArray());
            var correct = valid.Count(p => centroids.MinBy(c => c.Value.Select((v, j) => (v - p.x[j]) * (v - p.x[j])).Sum()).Key == label(p.u));
            return correct / (double)valid.Length;
        }

        return (Accuracy(u => u.Emotion), Accuracy(u => u.Intent));
    }
}
