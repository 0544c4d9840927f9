using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli;

/// <summary>
/// The configured <c>meiju</c> application: strict option parsing, one-line errors with "did you mean" hints, and the
/// command tree. Program.cs and the tests both run it, so tests exercise the real wiring.
/// </summary>
internal static class MeijuApp
{
    /// <summary>Runs <c>meiju</c> with <paramref name="args"/>; <paramref name="console"/> replaces the terminal in tests.</summary>
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        // Piped output has no terminal width and Spectre falls back to 80 columns, which wraps wide tables into
        // rows no script can read; COLUMNS, as shells export it, sets the width then.
        if (console is null && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40)
        {
            AnsiConsole.Profile.Width = columns;
        }

        var app = new CommandApp();
        app.Configure(config =>
        {
            Configure(config, console);
            // Unknown options are errors, not silently ignored: "--sed 3" must not train with the default seed.
            config.UseStrictParsing();
            config.SetExceptionHandler((ex, _) => CliErrors.Report(ex, args));
        });
        return app.Run(args);
    }

    /// <summary>The settings and commands shared by the real app and the help-model probe of <see cref="CommandHelpProbe"/>.</summary>
    internal static void Configure(IConfigurator config, IAnsiConsole? console)
    {
        config.SetApplicationName("meiju");
        config.SetApplicationVersion(typeof(MeijuApp).Assembly.GetName().Version?.ToString() ?? "0.0.0");
        if (console is not null)
        {
            config.ConfigureConsole(console);
        }

        CommandTree.Configure(config);
    }
}
