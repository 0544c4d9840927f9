using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli;

/// <summary>Turns exceptions into one clear line on stderr and an exit code; stack traces only with MEIJU_DEBUG=1.</summary>
internal static class CliErrors
{
    /// <summary>Exit code for bad input (a file or option the user can fix).</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for an unexpected internal failure.</summary>
    public const int Internal = 70;

    public static int Report(Exception ex)
    {
        var err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var debug = Environment.GetEnvironmentVariable("MEIJU_DEBUG") == "1";
        switch (ex)
        {
            case MeijuDataException or CommandParseException or CommandRuntimeException or FileNotFoundException
                or DirectoryNotFoundException or ArgumentException or InvalidDataException:
                err.MarkupLine("[red]error:[/] " + Markup.Escape(ex.Message));
                if (debug)
                {
                    err.WriteException(ex);
                }

                return BadInput;
            case OperationCanceledException:
                err.MarkupLine("[yellow]cancelled[/]");
                return 130;
            default:
                err.MarkupLine("[red]internal error:[/] " + Markup.Escape(ex.Message));
                err.MarkupLine("[grey]Run again with MEIJU_DEBUG=1 for the stack trace, and please report it.[/]");
                if (debug)
                {
                    err.WriteException(ex);
                }

                return Internal;
        }
    }
}
