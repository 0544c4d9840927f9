using Meiju.IO;

namespace Meiju.Tests.IO;

public class NpyFileTests
{
    [Fact]
    public void WriteThenReadRoundTrips()
    {
        var path = Path.Combine(Path.GetTempPath(), $"meiju-npy-{Guid.NewGuid():N}.npy");
        try
        {
            var data = Enumerable.Range(0, 12).Select(i => i * 0.5f - 1f).ToArray();
            NpyFile.Write(path, new NpyArray([3, 4], data));
            var back = NpyFile.Read(path);
            Assert.Equal([3, 4], back.Shape);
            Assert.Equal(data, back.Data);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SharedDataFact("reference/baseline-fixture/input_V.npy")]
    public void ReadsTheFixtureWrittenByNumpy()
    {
        var array = NpyFile.Read(Path.Combine(SharedData.ReferenceRoot, "baseline-fixture", "input_V.npy"));
        Assert.Equal([4, 50, 342], array.Shape);
        Assert.All(array.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void TruncatedFileNamesTheFileAndTheProblem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"meiju-npy-{Guid.NewGuid():N}.npy");
        try
        {
            NpyFile.Write(path, new NpyArray([10, 8], new float[80]));
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 7)]);
            var ex = Assert.Throws<MeijuDataException>(() => NpyFile.Read(path));
            Assert.Contains(path, ex.Message);
            Assert.Contains("truncated", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
