using System.Diagnostics;
using System.Text;

namespace Meiju.Media.Decoding;

/// <summary>
/// Where the ffmpeg and ffprobe executables are. Meiju runs them as child processes (not FFMpegCore) so that it
/// controls the pipe (frames are read exactly one at a time and the process is stopped at the frame cap), keeps
/// the last lines of stderr for error messages, and cancels cleanly.
/// </summary>
public sealed record FfmpegTools(string Ffmpeg = "ffmpeg", string Ffprobe = "ffprobe")
{
    /// <summary>The tools named by <c>MEIJU_FFMPEG</c> / <c>MEIJU_FFPROBE</c>, else those on PATH.</summary>
    public static FfmpegTools Default { get; } = new(
        Environment.GetEnvironmentVariable("MEIJU_FFMPEG") is { Length: > 0 } f ? f : "ffmpeg",
        Environment.GetEnvironmentVariable("MEIJU_FFPROBE") is { Length: > 0 } p ? p : "ffprobe");

    /// <summary>
    /// How ffmpeg should see <paramref name="path"/>: an absolute <c>file:</c> URL, so names holding ':' or
    /// starting with '-' are never read as a protocol or an option.
    /// </summary>
    internal static string InputUrl(string path) => "file:" + Path.GetFullPath(path);

    /// <summary>Starts <paramref name="exe"/> with stdout redirected and stderr collected (its last <paramref name="stderrTail"/> chars).</summary>
    internal static RunningTool Start(string exe, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, int stderrTail = RunningTool.DefaultTailChars)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"could not run '{exe}' ({ex.Message}); install it (Debian: apt-get install ffmpeg tesseract-ocr, or run scripts/setup.sh) or name it with MEIJU_FFMPEG / MEIJU_FFPROBE / MEIJU_TESSERACT", ex);
        }

        return new RunningTool(process, stderrTail);
    }

    /// <summary>Runs <paramref name="exe"/> to the end and returns its exit code, stdout and stderr tail.</summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string exe, IEnumerable<string> args, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var tool = Start(exe, args, environment);
        var stdout = await tool.Process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var code = await tool.WaitAsync(cancellationToken).ConfigureAwait(false);
        return (code, stdout, tool.StderrTail);
    }
}

/// <summary>A started tool: its stdout stream, a bounded tail of its stderr, and a kill on dispose.</summary>
internal sealed class RunningTool : IDisposable
{
    public const int DefaultTailChars = 4096;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;
    private readonly int _tailChars;

    public RunningTool(Process process, int tailChars = DefaultTailChars)
    {
        Process = process;
        _tailChars = tailChars;
        _stderrPump = Task.Run(async () =>
        {
            var buffer = new char[1024];
            int n;
            while ((n = await process.StandardError.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_stderr)
                {
                    _stderr.Append(buffer, 0, n);
                    if (_stderr.Length > 2 * _tailChars)
                    {
                        _stderr.Remove(0, _stderr.Length - _tailChars);
                    }
                }
            }
        });
    }

    public Process Process { get; }

    public Stream Stdout => Process.StandardOutput.BaseStream;

    /// <summary>The end of stderr, trimmed; only complete after <see cref="WaitAsync"/>.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderr)
            {
                var s = _stderr.ToString();
                return (s.Length > _tailChars ? s[^_tailChars..] : s).Trim();
            }
        }
    }

    /// <summary>The last non-empty stderr line: ffmpeg puts the reason for a failure there.</summary>
    public string LastError => LastLine(StderrTail);

    internal static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }

    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        await _stderrPump.ConfigureAwait(false);
        return Process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }
}
