using System.Text.Json;
using Meiju.IO;

namespace Meiju.Tests.IO;

/// <summary>Checks the reader against values written by h5py (tests/fixtures-src/make_mceiu_h5.py).</summary>
public class MeijuH5FeaturesTests
{
    private static readonly string Fixtures = Path.Combine(SharedData.RepoRoot, "tests", "Meiju.Core.Tests", "Fixtures");

    [Fact]
    public void ReadsEveryDatasetAsH5pyWroteIt()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "mceiu-mini.expected.json")));
        using var h5 = MeijuH5Features.Open(Path.Combine(Fixtures, "mceiu-mini.h5"));
        Assert.Equal(["A", "L", "V"], h5.Modalities.Order(StringComparer.Ordinal));
        var utterances = expected.RootElement.GetProperty("utterances").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var checkedArrays = 0;
        foreach (var (key, value) in expected.RootElement.GetProperty("data").EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            var modality = key.Split('/')[0];
            var utterance = key.Split('/')[1];
            var array = h5.Read(modality, utterance);
            Assert.Equal(value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), array.Shape);
            var values = value.GetProperty("values").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(values, array.Data);
            checkedArrays++;
        }

        Assert.Equal(utterances.Length * 3, checkedArrays);
        foreach (var modality in h5.Modalities)
        {
            Assert.Equal(utterances, h5.Utterances(modality));
        }

        foreach (var u in utterances)
        {
            Assert.Equal(expected.RootElement.GetProperty("dia_index").GetProperty(u).GetInt64(), h5.DialogueIndex(u));
            Assert.Equal(expected.RootElement.GetProperty("speaker").GetProperty(u).GetString(), h5.Speaker(u));
        }
    }

    [Fact]
    public void MissingUtteranceOrGroupNamesTheFile()
    {
        var path = Path.Combine(Fixtures, "mceiu-mini.h5");
        using var h5 = MeijuH5Features.Open(path);
        var ex = Assert.Throws<MeijuDataException>(() => h5.Read("A", "Training_99999"));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("A/Training_99999", ex.Message);
        Assert.Contains("no feature group 'X/'", Assert.Throws<MeijuDataException>(() => h5.Read("X", "Training_00001")).Message);
        Assert.False(h5.Contains("A", "Training_99999"));
        Assert.True(h5.Contains("L", "Training_00001"));
        Assert.Null(h5.DialogueIndex("Training_99999"));
    }

    [Fact]
    public void ExportsToTheNpyLayoutThatMeijuDatasetReads()
    {
        using var tmp = new TempFolder();
        using var h5 = MeijuH5Features.Open(Path.Combine(Fixtures, "mceiu-mini.h5"));
        var written = h5.ExportNpy(tmp.File("features"), new Dictionary<string, string> { ["A"] = "wav2vec" });
        Assert.Equal(15, written);
        File.WriteAllLines(tmp.File("Testing_files.txt"), h5.Utterances("A").Select(u => u + ".mp4"));
        var dataset = Meiju.Data.MeijuDataset.Open(tmp.Path, null);
        Assert.Equal(["L", "V", "wav2vec"], dataset.FeatureNames);
        var report = dataset.Validate();
        Assert.True(report.IsValid, string.Join("\n", report.Problems));
        Assert.Equal(16, report.Dimensions["wav2vec"]);
        Assert.Equal(h5.Read("L", "Training_00003").Data, dataset.LoadFeature("L", "Training_00003").Data);
    }

    [Fact]
    public void NotAnHdf5FileIsAClearError()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("fake.h5");
        File.WriteAllText(path, "not hdf5 at all");
        var ex = Assert.Throws<MeijuDataException>(() => MeijuH5Features.Open(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("HDF5", ex.Message);
        Assert.Contains("not found", Assert.Throws<MeijuDataException>(() => MeijuH5Features.Open(tmp.File("none.h5"))).Message);
    }
}
