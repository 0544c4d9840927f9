using System.Diagnostics;

namespace Meiju.Descriptions;

/// <summary>Runs ffmpeg/ffprobe as a child process and collects stdout as bytes. Minimal on purpose: see <see cref="FfmpegDescriptionMediaSource"/>.</summary>
internal static class FfmpegProcess
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr);

    public static async Task<Result> RunAsync(string exe, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot start {exe} (install ffmpeg, e.g. apt-get install ffmpeg): {ex.Message}", ex);
        }

        process.StandardInput.Close();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await Task.WhenAll(copy, stderr).ConfigureAwait(false);
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Our own child: end it so a cancelled run leaves nothing behind.
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(exe)} took longer than {timeout.TotalSeconds:0} s");
        }

        return new Result(process.ExitCode, stdout.ToArray(), stderr.Result);
    }

    /// <summary>The last non-empty line of ffmpeg's stderr: usually the actual reason.</summary>
    public static string LastLine(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no message)";
}
