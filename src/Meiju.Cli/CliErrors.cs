using Spectre.Console.Cli;

namespace Meiju.Cli;

/// <summary>Turns exceptions into one clear line on stderr and an exit code; stack traces only with MEIJU_DEBUG=1.</summary>
internal static class CliErrors
{
    /// <summary>Exit code for bad input (a file or option the user can fix).</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for an unexpected internal failure.</summary>
    public const int Internal = 70;

    /// <summary>Prints <paramref name="ex"/> as one line (with a "did you mean" hint for a mistyped option or command).</summary>
    public static int Report(Exception ex, IReadOnlyList<string>? args = null)
    {
        // Plain Console.Error rather than an ANSI console: Spectre wraps at 80 columns when stderr is not a
        // terminal, which would split "error: <file>:<line>: ..." and break scripts that grep for it.
        var debug = Environment.GetEnvironmentVariable("MEIJU_DEBUG") == "1";
        if (ex is CommandAppException { InnerException: { } inner } && ex is not CommandParseException)
        {
            ex = inner;
        }

        int code;
        switch (ex)
        {
            case CommandParseException parse:
                Console.Error.WriteLine("error: " + ParseErrors.Describe(parse, args ?? []));
                code = BadInput;
                break;
            case MeijuDataException or DeviceUnavailableException or CommandRuntimeException or FileNotFoundException
                or DirectoryNotFoundException or ArgumentException or InvalidDataException:
                Console.Error.WriteLine("error: " + ex.Message);
                code = BadInput;
                break;
            case OperationCanceledException:
                Console.Error.WriteLine("cancelled");
                code = 130;
                break;
            default:
                Console.Error.WriteLine("internal error: " + ex.Message);
                Console.Error.WriteLine("Run again with MEIJU_DEBUG=1 for the stack trace, and please report it.");
                code = Internal;
                break;
        }

        if (debug)
        {
            Console.Error.WriteLine(ex.ToString());
        }

        return code;
    }
}
