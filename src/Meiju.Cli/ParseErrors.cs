using System.Text.RegularExpressions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli;

/// <summary>
/// One-line parse errors with a "did you mean" hint. Spectre suggests mistyped commands but not options, and its
/// pretty form spans several lines, so the hint is computed here from the command's own option names.
/// </summary>
internal static partial class ParseErrors
{
    /// <summary>The message for <paramref name="ex"/>, naming the command and the nearest known spelling.</summary>
    public static string Describe(CommandParseException ex, IReadOnlyList<string> args)
    {
        var path = CommandWords(args);
        var where = path.Count == 0 ? "meiju" : "meiju " + string.Join(' ', path);
        if (UnknownOption().Match(ex.Message) is { Success: true } option)
        {
            var typed = args.FirstOrDefault(a => a.TrimStart('-') == option.Groups[1].Value && a.StartsWith('-')) ?? "--" + option.Groups[1].Value;
            var (_, command) = CommandHelpProbe.Resolve(path);
            var known = command is null ? [] : CommandHelpProbe.OptionNames(command).ToList();
            var hint = Nearest(typed, known);
            return $"unknown option '{typed}' for '{where}'" + (hint is null ? "" : $"; did you mean '{hint}'?")
                + $" (see '{where} --help')";
        }

        if (UnknownCommand().Match(ex.Message) is { Success: true } unknown)
        {
            var hint = SpectreSuggestion(ex);
            return $"unknown command '{unknown.Groups[1].Value}'" + (hint is null ? "" : $"; did you mean '{hint}'?")
                + " (see 'meiju --help')";
        }

        return ex.Message;
    }

    /// <summary>The nearest of <paramref name="known"/> to <paramref name="typed"/>, when it is close enough to be a typo.</summary>
    public static string? Nearest(string typed, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: Distance(typed, k)))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        var bare = typed.TrimStart('-').Length;
        return best.Name is not null && best.Distance <= Math.Max(2, bare / 3) ? best.Name : null;
    }

    /// <summary>Optimal-string-alignment distance: edits, with a swap of neighbours counted once ("fromat" → "format").</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>The leading words of <paramref name="args"/> that name a command, stopping at the first option.</summary>
    private static List<string> CommandWords(IReadOnlyList<string> args)
    {
        var (model, _) = CommandHelpProbe.Resolve([]);
        var words = new List<string>();
        Spectre.Console.Cli.Help.ICommandContainer container = model;
        foreach (var arg in args)
        {
            var next = container.Commands.FirstOrDefault(c => string.Equals(c.Name, arg, StringComparison.OrdinalIgnoreCase));
            if (next is null)
            {
                break;
            }

            words.Add(next.Name);
            container = next;
        }

        return words;
    }

    private static string? SpectreSuggestion(CommandParseException ex)
    {
        if (ex.Pretty is null)
        {
            return null;
        }

        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Write(ex.Pretty);
        return DidYouMean().Match(text.ToString()) is { Success: true } m ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("^Unknown option '([^']+)'")]
    private static partial Regex UnknownOption();

    [GeneratedRegex("^Unknown command '([^']+)'")]
    private static partial Regex UnknownCommand();

    [GeneratedRegex("Did you mean '([^']+)'")]
    private static partial Regex DidYouMean();
}
