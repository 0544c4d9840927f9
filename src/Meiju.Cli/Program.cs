using Meiju.Cli;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("meiju");
    config.SetApplicationVersion(typeof(Program).Assembly.GetName().Version?.ToString() ?? "0.0.0");
    config.SetExceptionHandler((ex, _) => CliErrors.Report(ex));
    config.AddCommand<Meiju.Cli.Commands.DescribeCommand>("describe")
        .WithDescription("Ask vision/audio language model servers to describe each utterance; cache the answers as text streams.");
});

return app.Run(args);
