using Meiju.Cli;
using Spectre.Console.Testing;

namespace Meiju.Tests.Cli;

/// <summary>
/// Runs commands in process against a <see cref="TestConsole"/> through <see cref="MeijuApp"/>, the wiring Program.cs
/// uses; the real binary is run by <see cref="RunBinary"/>.
/// </summary>
internal static class CliHarness
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        using var console = new TestConsole().Width(160);
        var code = MeijuApp.Run(args, console);
        return (code, console.Output);
    }

    /// <summary>Runs the built <c>meiju</c> (copied beside the tests) as a child process.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunBinary(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "meiju.dll");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["COLUMNS"] = "160";
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("meiju did not finish in 60 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
