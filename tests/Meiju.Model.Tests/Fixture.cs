using Meiju.IO;
using Meiju.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Model.Tests;

/// <summary>Paths and helpers for ../shared/reference/baseline-fixture.</summary>
internal static class Fixture
{
    public static string Root => Path.Combine(SharedData.ReferenceRoot, "baseline-fixture");

    public static string Pretrain => Path.Combine(Root, "pretrain");

    public static Tensor Load(string path)
    {
        var a = NpyFile.Read(path);
        return tensor(a.Data, a.Shape.Select(d => (long)d).ToArray());
    }

    public static ModelBatch Inputs() => new(new Dictionary<string, Tensor>
    {
        ["A"] = Load(Path.Combine(Root, "input_A.npy")),
        ["V"] = Load(Path.Combine(Root, "input_V.npy")),
        ["L"] = Load(Path.Combine(Root, "input_L.npy")),
    });

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(b.shape, a.shape);
        return (a - b).abs().max().item<float>();
    }

    public static IReadOnlyList<string> Keys(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "keys.txt")).Where(l => l.Length > 0).Select(l => l.Split('\t')[0]).ToList();
}
