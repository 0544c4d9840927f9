using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;

namespace Meiju.Cli;

/// <summary>
/// Reads the command tree's own model (names, options) by asking Spectre for help with a provider that records
/// instead of printing. Spectre's model is only handed to help providers; this keeps one source of truth for the
/// option names that "did you mean" hints and the help-walk test use.
/// </summary>
internal static class CommandHelpProbe
{
    /// <summary>The command that <paramref name="path"/> (command words, no options) names, or the root when empty.</summary>
    public static (ICommandModel Model, ICommandInfo? Command) Resolve(IReadOnlyList<string> path)
    {
        var recorder = new Recorder();
        var app = new CommandApp();
        app.Configure(config =>
        {
            MeijuApp.Configure(config, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }));
            config.SetHelpProvider(recorder);
            config.PropagateExceptions();
        });
        try
        {
            app.Run([.. path, "--help"]);
        }
        catch (CommandAppException)
        {
            // An unknown command word: fall back to the deepest part of the path that resolved (none here).
        }

        return (recorder.Model ?? throw new InvalidOperationException("the command tree produced no help model"), recorder.Command);
    }

    /// <summary>Every option spelling of a command, long ones with "--" and short ones with "-".</summary>
    public static IEnumerable<string> OptionNames(ICommandInfo command) =>
        command.Parameters.OfType<ICommandOption>()
            .SelectMany(o => o.LongNames.Select(n => "--" + n).Concat(o.ShortNames.Select(n => "-" + n)));

    /// <summary>Every command path in the tree (branches included), depth first.</summary>
    public static IEnumerable<(string[] Path, ICommandInfo Command)> Walk(ICommandContainer container, string[]? prefix = null)
    {
        foreach (var command in container.Commands.Where(c => !c.IsHidden))
        {
            string[] path = [.. prefix ?? [], command.Name];
            yield return (path, command);
            foreach (var child in Walk(command, path))
            {
                yield return child;
            }
        }
    }

    private sealed class Recorder : IHelpProvider
    {
        public ICommandModel? Model { get; private set; }

        public ICommandInfo? Command { get; private set; }

        public IEnumerable<Spectre.Console.Rendering.IRenderable> Write(ICommandModel model, ICommandInfo? command)
        {
            Model = model;
            Command = command;
            return [];
        }
    }
}
