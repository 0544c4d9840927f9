using TorchSharp;

namespace Meiju.Model.Tests;

public class TorchSharpLoadTests
{
    [Fact]
    public void NativeLibraryLoadsAndATensorOpRuns()
    {
        // Fails with DllNotFoundException / "GLIBCXX_3.4.32 not found" unless the build fixed the native bridge.
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        using var c = torch.matmul(a, b);
        var values = c.data<float>().ToArray();
        Assert.Equal(new float[] { 19, 22, 43, 50 }, values);
    }
}
