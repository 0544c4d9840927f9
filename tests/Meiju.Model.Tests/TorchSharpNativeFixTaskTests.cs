using System.Diagnostics;
using System.Security.Cryptography;
using Meiju.Tests;

namespace Meiju.Model.Tests;

/// <summary>Runs the MSBuild task of build/TorchSharpNativeFix.targets on copies of the native library.</summary>
public sealed class TorchSharpNativeFixTaskTests : IDisposable
{
    private const string Patched = "5968efac8270eff8a2b5ca7381612ea9cc54d81cf4104a54e0e6106b7b5f11e3";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "meiju-fix-" + Guid.NewGuid().ToString("N")[..8]);

    public TorchSharpNativeFixTaskTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string CachedOriginal()
    {
        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    private (int ExitCode, string Output) RunTask(string folder)
    {
        var project = Path.Combine(_dir, "check.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{Path.Combine(SharedData.RepoRoot, "build", "TorchSharpNativeFix.targets")}" />
              <Target Name="Check">
                <ItemGroup><F Include="{folder}/libLibTorchSharp.so" /></ItemGroup>
                <MeijuWeakenGlibcxxRequirement Files="@(F)" VersionName="GLIBCXX_3.4.32" NeededLibrary="libstdc++.so.6"
                  OriginalSha256="$(MeijuTorchSharpNativeOriginalSha256)" PatchedSha256="$(MeijuTorchSharpNativePatchedSha256)" />
              </Target>
            </Project>
            """);
        var psi = new ProcessStartInfo("dotnet", ["msbuild", project, "-t:Check", "-nologo", "-v:m"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    private static bool HostLacksTheVersion() =>
        !File.ReadAllText("/lib/x86_64-linux-gnu/libstdc++.so.6", System.Text.Encoding.Latin1).Contains("GLIBCXX_3.4.32", StringComparison.Ordinal);

    [Fact]
    [Trait("Category", "Slow")]
    public void PatchesTheVerifiedFileOnceAndRefusesAnUnknownOne()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(CachedOriginal()) || !File.Exists("/lib/x86_64-linux-gnu/libstdc++.so.6") || !HostLacksTheVersion())
        {
            return;
        }

        var good = Path.Combine(_dir, "good");
        Directory.CreateDirectory(good);
        File.Copy(CachedOriginal(), Path.Combine(good, "libLibTorchSharp.so"));
        var (code, output) = RunTask(good);
        Assert.True(code == 0, output);
        Assert.Equal(Patched, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(good, "libLibTorchSharp.so")))));

        // Idempotent: a second run leaves the patched file as it is.
        (code, output) = RunTask(good);
        Assert.True(code == 0, output);
        Assert.Equal(Patched, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(good, "libLibTorchSharp.so")))));

        var bad = Path.Combine(_dir, "bad");
        Directory.CreateDirectory(bad);
        var bytes = File.ReadAllBytes(CachedOriginal());
        bytes[1000] ^= 0xff;
        File.WriteAllBytes(Path.Combine(bad, "libLibTorchSharp.so"), bytes);
        (code, output) = RunTask(bad);
        Assert.NotEqual(0, code);
        Assert.Contains("neither the verified TorchSharp 0.107.0 build", output, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(bad, "libLibTorchSharp.so")));
    }
}
