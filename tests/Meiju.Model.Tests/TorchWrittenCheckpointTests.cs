using Meiju.IO;
using Meiju.Tests;

namespace Meiju.Model.Tests;

/// <summary>
/// Files written by PyTorch 1.13 itself (Fixtures/torch-tiny/make_fixture.py): a toy model with the baseline's
/// structure, built from torch.nn modules, saved as .pt, per-network .pth and .npy, with PyTorch's outputs.
/// </summary>
public sealed class TorchWrittenCheckpointTests : IDisposable
{
    private static readonly string Folder = Path.Combine(SharedData.RepoRoot, "tests", "Meiju.Model.Tests", "Fixtures", "torch-tiny");
    private readonly string _out = Path.Combine(Path.GetTempPath(), "meiju-torch-tiny-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Theory]
    [InlineData("model.pt")]
    [InlineData("pth")]
    [InlineData("npy")]
    public void PyTorchWrittenWeightsReproducePyTorchsOutputs(string source)
    {
        var config = ModelConfig.Load(Path.Combine(Folder, "tiny.json"));
        using var model = ModelCheckpoint.Import(Path.Combine(Folder, source), config);
        ForwardRunner.Run(model, Folder, _out);
        foreach (var name in new[] { "emo_logits", "int_logits", "emo_logits_fusion", "int_logits_fusion" })
        {
            var ours = NpyFile.Read(Path.Combine(_out, $"out_{name}.npy"));
            var theirs = NpyFile.Read(Path.Combine(Folder, $"out_{name}.npy"));
            Assert.Equal(theirs.Shape, ours.Shape);
            var diff = ours.Data.Zip(theirs.Data, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(diff <= 1e-5, $"{source} {name}: max |diff| = {diff:E2}");
        }
    }
}
