using System.Security.Cryptography;

namespace Meiju.Model.Tests;

/// <summary>Checks what build/TorchSharpNativeFix.targets did to this test project's output.</summary>
public class TorchSharpNativeFixTests
{
    private const string Original = "cf33b1b0bb6bbb9754a768fb5c5d04d9f498603be50e73f55621a0b40ee608b8";
    private const string Patched = "5968efac8270eff8a2b5ca7381612ea9cc54d81cf4104a54e0e6106b7b5f11e3";

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void OutputLibraryIsTheVerifiedOneAndTheNuGetCacheIsUntouched()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        if (!OperatingSystem.IsLinux() || !File.Exists(output))
        {
            return;
        }

        // Patched when the host lacks GLIBCXX_3.4.32 (Debian 12), untouched on newer hosts: either way one of the two.
        Assert.Contains(Sha256(output), new[] { Original, Patched });

        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (File.Exists(cached))
        {
            Assert.Equal(Original, Sha256(cached));
        }
    }
}
