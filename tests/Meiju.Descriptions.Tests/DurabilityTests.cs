using System.Diagnostics;

namespace Meiju.Descriptions.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task Cancelling_mid_run_then_resuming_with_a_fresh_store_loses_nothing()
    {
        using var media = new TestMedia();
        media.AddMany(6);
        await using var vlm = await FakeChatServer.StartAsync(_ => new Reply.Answer("seen", DelayMs: 100));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Harness.Deadline());

        var store = DescriptionStore.Open(media.StorePath);
        var describer = Harness.Describer(store, vlm, null, Harness.Fast(concurrency: 1), Harness.VisionOnly);
        var progress = new DescriberTests.InlineProgress(p =>
        {
            if (p.Done >= 2)
            {
                cts.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => describer.RunAsync(Describer.FindMedia(media.Videos), progress, cts.Token));
        describer.Dispose();
        store.Dispose();

        int saved;
        using (var reopened = DescriptionStore.Open(media.StorePath))
        {
            saved = reopened.ReadStream("visual_description").Count;
        }

        var sentBefore = vlm.Count;
        var resumed = await Harness.RunAsync(media, vlm, null, Harness.Fast(concurrency: 1), Harness.VisionOnly, Harness.Deadline());

        Assert.InRange(saved, 2, 5);
        Assert.Equal(saved, resumed.Cached);
        Assert.Equal(6 - saved, resumed.Done);
        Assert.Equal(6 - saved, vlm.Count - sentBefore);
        using var final = DescriptionStore.Open(media.StorePath);
        Assert.Equal(6, final.ReadStream("visual_description").Count);
    }

    [Fact]
    public async Task Killing_the_cli_process_mid_run_and_restarting_loses_nothing()
    {
        using var media = new TestMedia();
        media.AddMany(5);
        await using var vlm = await FakeChatServer.StartAsync(_ => new Reply.Answer("seen", DelayMs: 150));
        await using var alm = await FakeChatServer.StartAsync(_ => new Reply.Answer("heard", DelayMs: 150));
        var args = new[]
        {
            "describe", "--videos", media.Videos, "--out", media.StorePath, "--vlm", vlm.BaseUrl.ToString(), "--alm", alm.BaseUrl.ToString(),
            "--concurrency", "1", "--timeout", "60",
        };

        using (var doomed = Cli.Start(args))
        {
            var deadline = Stopwatch.StartNew();
            while (vlm.Answered + alm.Answered < 4 && !doomed.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(20);
            }

            Assert.False(doomed.HasExited, "the run finished before it could be killed");
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync(Harness.Deadline(10));
        }

        int saved;
        using (var store = DescriptionStore.Open(media.StorePath))
        {
            saved = store.All().Count(r => r.Status == DescriptionStatus.Ok);
        }

        var sentBefore = vlm.Count + alm.Count;
        var (exit, output) = await Cli.RunAsync(args);

        Assert.True(exit == 0, output);
        Assert.InRange(saved, 1, 14);
        Assert.Equal(15 - saved, vlm.Count + alm.Count - sentBefore);
        Assert.Contains($"cached {saved}", output, StringComparison.Ordinal);
        using var final = DescriptionStore.Open(media.StorePath);
        Assert.Equal(15, final.All().Count(r => r.Status == DescriptionStatus.Ok));
    }

    [Fact]
    public async Task Cli_exits_non_zero_when_an_item_failed_and_exports_rows()
    {
        using var media = new TestMedia();
        media.Add("utt01");
        media.Add("silent", "video-only");
        await using var vlm = await FakeChatServer.StartAsync();
        await using var alm = await FakeChatServer.StartAsync();
        var export = Path.Combine(media.Root, "out.csv");

        var (exit, output) = await Cli.RunAsync("describe", "--videos", media.Videos, "--out", media.StorePath,
            "--vlm", vlm.BaseUrl.ToString(), "--alm", alm.BaseUrl.ToString(), "--export", export);

        Assert.True(exit == 1, output);
        Assert.Contains("failed 2", output, StringComparison.Ordinal);
        Assert.Contains("no audio track", output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(export);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("utterance,stream,status,answer,error", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_reports_bad_options_as_one_line()
    {
        using var media = new TestMedia();
        var (exit, output) = await Cli.RunAsync("describe", "--videos", Path.Combine(media.Root, "missing"), "--out", media.StorePath,
            "--vlm", "http://127.0.0.1:9/v1");

        Assert.NotEqual(0, exit);
        Assert.NotEqual(1, exit);
        Assert.Contains("media folder not found", output, StringComparison.Ordinal);
    }
}

/// <summary>Runs the built <c>meiju</c> CLI as a child process.</summary>
internal static class Cli
{
    /// <summary>
    /// The CLI's own build output (same configuration as the tests). Not the copy beside the tests: this test
    /// project references ASP.NET Core, so packages the CLI needs from NuGet are not copied here.
    /// </summary>
    private static string Dll
    {
        get
        {
            var testBin = Path.Combine(Meiju.Tests.SharedData.RepoRoot, "tests", "Meiju.Descriptions.Tests", "bin");
            var relative = Path.GetRelativePath(testBin, AppContext.BaseDirectory);
            var dll = Path.Combine(Meiju.Tests.SharedData.RepoRoot, "src", "Meiju.Cli", "bin", relative, "meiju.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Meiju.Cli first", dll);
        }
    }

    public static Process Start(IEnumerable<string> args, IDictionary<string, string>? env = null, bool drain = true)
    {
        var dll = Dll;
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var p = Process.Start(psi)!;
        if (drain)
        {
            // Nobody reads this child's output: drain the pipes so it never blocks on a full buffer.
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
        }

        return p;
    }

    public static Task<(int Exit, string Output)> RunAsync(params string[] args) => RunAsync(args, null);

    public static async Task<(int Exit, string Output)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? env)
    {
        using var p = Start(args, env, drain: false);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("meiju describe took over 120 s");
        }

        // Spectre wraps lines at the redirected console's width (80): join them so phrases can be searched for.
        var output = System.Text.RegularExpressions.Regex.Replace(await stdout + await stderr, @"\s+", " ");
        return (p.ExitCode, output);
    }
}
