using Meiju.Data;
using Meiju.IO;
using Meiju.Labels;
using Meiju.Synthetic;

namespace Meiju.Tests.Data;

public class MeijuDatasetTests
{
    private static readonly SyntheticMeijuOptions Tiny = new()
    {
        TrainCount = 8,
        ValidCount = 4,
        TestCount = 3,
        Features = [new("A", 6, 3, 6), new("V", 4, 2, 5)],
        Seed = 5,
    };

    private static string Generate(TempFolder tmp, SyntheticMeijuOptions? options = null)
    {
        SyntheticMeijuGenerator.Generate(tmp.Path, options ?? Tiny);
        return tmp.Path;
    }

    [Fact]
    public void OpensTheLayoutAndLoadsFeaturesLazily()
    {
        using var tmp = new TempFolder();
        var result = SyntheticMeijuGenerator.Generate(tmp.Path, Tiny);
        var dataset = MeijuDataset.Open(tmp.Path, null);
        Assert.Equal(Path.Combine(tmp.Path, "features"), dataset.FeatureRoot);
        Assert.Equal(["A", "V"], dataset.FeatureNames);
        Assert.Equal([MeijuSplit.Train, MeijuSplit.Valid, MeijuSplit.Test], dataset.Splits);
        Assert.Equal(result.Utterances[MeijuSplit.Train], dataset[MeijuSplit.Train].Utterances);
        Assert.All(dataset[MeijuSplit.Test].Utterances, u => Assert.False(u.IsLabelled));

        var features = dataset[MeijuSplit.Valid].LoadFeatures(1);
        Assert.Equal(dataset[MeijuSplit.Valid].Utterances[1], features.Utterance);
        Assert.Equal(6, features.Features[0].Shape[1]);
        Assert.Equal(4, features.Features[1].Shape[1]);
        Assert.InRange(features.Features[0].Shape[0], 3, 6);

        Assert.Equal(8, dataset[MeijuSplit.Train].Transcriptions!.Count);
        var report = dataset.Validate();
        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        Assert.Equal(15 * 2, report.FilesChecked);
        Assert.Equal(6, report.Dimensions["A"]);
    }

    [Fact]
    public void ValidateReportsEveryProblemNamingItsFile()
    {
        using var tmp = new TempFolder();
        var root = Generate(tmp);
        var dataset0 = MeijuDataset.Open(root, null);
        var train = dataset0[MeijuSplit.Train].Utterances;
        var valid = dataset0[MeijuSplit.Valid].Utterances;
        string A(string u) => Path.Combine(root, "features", "A", u + ".npy");
        string V(string u) => Path.Combine(root, "features", "V", u + ".npy");

        File.Delete(A(train[0].Name));                                                   // missing
        NpyFile.Write(A(train[1].Name), new NpyArray([3, 7], new float[21]));            // wrong D
        var nan = new float[4 * 6];
        nan[2 * 6 + 3] = float.NaN;
        NpyFile.Write(A(train[2].Name), new NpyArray([4, 6], nan));                      // NaN in row 2
        var inf = new float[2 * 4];
        inf[1 * 4] = float.NegativeInfinity;
        NpyFile.Write(V(train[3].Name), new NpyArray([2, 4], inf));                      // -Inf in row 1
        File.WriteAllBytes(A(train[4].Name), []);                                        // empty file
        var bytes = File.ReadAllBytes(V(train[5].Name));
        File.WriteAllBytes(V(train[5].Name), bytes[..^5]);                               // truncated
        NpyFile.Write(A(valid[0].Name), new NpyArray([6], new float[6]));                // 1-D
        NpyFile.Write(V(valid[1].Name), new NpyArray([2, 2, 4], new float[16]));         // 3-D
        NpyFile.Write(V(valid[2].Name), new NpyArray([0, 4], []));                       // 0 frames

        var lines = File.ReadAllLines(Path.Combine(root, "Training_files.txt"));
        lines[6] = lines[6].Split(' ')[0] + " joyful neutral";                           // unknown label, line 7
        File.WriteAllLines(Path.Combine(root, "Training_files.txt"), lines);
        File.WriteAllText(Path.Combine(root, "Testing_files.txt"), "\n");                // empty split

        var dataset = MeijuDataset.Open(root, null);
        var report = dataset.Validate();
        var text = string.Join("\n", report.Problems);
        Assert.False(report.IsValid);

        Assert.Contains(report.Problems, p => p.Path == Path.Combine(root, "Training_files.txt") && p.Line == 7 && p.Message.Contains("joyful"));
        Assert.Contains(report.Problems, p => p.Path == Path.Combine(root, "Testing_files.txt") && p.Message.Contains("empty"));
        Assert.Contains(report.Problems, p => p.Path == A(train[0].Name) && p.Message.Contains("missing feature file"));
        var wrongD = Assert.Single(report.Problems, p => p.Path == A(train[1].Name));
        Assert.Contains("D=7", wrongD.Message);
        Assert.Contains("D=6", wrongD.Message);
        Assert.Contains(Path.Combine(root, "features", "A"), wrongD.Message);
        Assert.Contains(report.Problems, p => p.Path == A(train[2].Name) && p.Message.Contains("NaN at row 2"));
        Assert.Contains(report.Problems, p => p.Path == V(train[3].Name) && p.Message.Contains("-Inf at row 1"));
        Assert.Contains(report.Problems, p => p.Path == A(train[4].Name) && p.Message.Contains("empty file"));
        Assert.Contains(report.Problems, p => p.Path == V(train[5].Name) && p.Message.Contains("truncated"));
        Assert.Contains(report.Problems, p => p.Path == A(valid[0].Name) && p.Message.Contains("1-D"));
        Assert.Contains(report.Problems, p => p.Path == V(valid[1].Name) && p.Message.Contains("3-D"));
        Assert.Contains(report.Problems, p => p.Path == V(valid[2].Name) && p.Message.Contains("0 frames"));
        Assert.True(report.Problems.Count >= 11, text);

        var ex = Assert.Throws<MeijuDataException>(report.ThrowIfInvalid);
        Assert.Contains("more problems", ex.Message);
    }

    [Fact]
    public void LoadingABadFeatureNamesTheFile()
    {
        using var tmp = new TempFolder();
        var root = Generate(tmp);
        var dataset = MeijuDataset.Open(root, null, "A");
        var name = dataset[MeijuSplit.Train].Utterances[0].Name;
        File.Delete(dataset.FeaturePath("A", name));
        var ex = Assert.Throws<MeijuDataException>(() => dataset[MeijuSplit.Train].LoadFeatures(0));
        Assert.Equal(dataset.FeaturePath("A", name), ex.FilePath);
        Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void TranscriptionDisagreeingWithTheListIsReported()
    {
        using var tmp = new TempFolder();
        var root = Generate(tmp);
        var csv = Path.Combine(root, "Validation_transcription.csv");
        var rows = TranscriptionCsv.Read(csv, MeijuLabels.Emotion, MeijuLabels.Intent).ToList();
        rows[1] = rows[1] with { Emotion = (rows[1].Emotion + 1) % 7 };
        TranscriptionCsv.Write(csv, rows, MeijuLabels.Emotion, MeijuLabels.Intent);
        var report = MeijuDataset.Open(root, null).ValidateLabels();
        var problem = Assert.Single(report.Problems);
        Assert.Equal(csv, problem.Path);
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void Float16FeatureFilesLoadAsFloat32()
    {
        using var tmp = new TempFolder();
        var root = Generate(tmp);
        var dataset = MeijuDataset.Open(root, null, "A");
        var name = dataset[MeijuSplit.Train].Utterances[0].Name;
        Half[] values = [(Half)0.5f, (Half)(-1.25f), (Half)3f, (Half)0f, (Half)2f, (Half)(-0.125f)];
        WriteFloat16(dataset.FeaturePath("A", name), [1, 6], values);
        var array = dataset.LoadFeature("A", name);
        Assert.Equal([1, 6], array.Shape);
        Assert.Equal(values.Select(h => (float)h), array.Data);
        Assert.True(dataset.Validate().IsValid);
    }

    private static void WriteFloat16(string path, int[] shape, Half[] values)
    {
        // The header numpy writes for np.float16 arrays: magic, version 1.0, length, dict padded to 64 bytes.
        var header = $"{{'descr': '<f2', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}), }}";
        header = header.PadRight(64 - 10 - 1) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0]);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(header));
        foreach (var v in values)
        {
            var bytes = new byte[2];
            System.Buffers.Binary.BinaryPrimitives.WriteHalfLittleEndian(bytes, v);
            stream.Write(bytes);
        }
    }

    [Fact]
    public void MissingRootOrListsAreClearErrors()
    {
        using var tmp = new TempFolder();
        Assert.Contains("not found", Assert.Throws<MeijuDataException>(() => MeijuDataset.Open(tmp.File("nope"), null)).Message);
        Assert.Contains("no label list", Assert.Throws<MeijuDataException>(() => MeijuDataset.Open(tmp.Path, null)).Message);
    }

    [SharedDataFact("meiju-labels/Track2_English")]
    public void OpensTheRealTrack2EnglishLists()
    {
        var dataset = MeijuDataset.Open(SharedData.PathOf("meiju-labels/Track2_English"), null);
        Assert.Empty(dataset.FeatureNames);
        Assert.Equal(31_320, dataset[MeijuSplit.Train].Count);
        Assert.Equal(4_474, dataset[MeijuSplit.Valid].Count);
        Assert.Equal(14_955, dataset[MeijuSplit.Train].Utterances.Count(u => u.Emotion == MeijuLabels.Emotion.IndexOf("neutral")));
        Assert.True(dataset.ValidateLabels().IsValid);
    }
}
