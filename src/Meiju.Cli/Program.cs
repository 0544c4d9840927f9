using Meiju.Cli;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("meiju");
    config.SetApplicationVersion(typeof(Program).Assembly.GetName().Version?.ToString() ?? "0.0.0");
    config.SetExceptionHandler((ex, _) => CliErrors.Report(ex));
    config.AddCommand<Meiju.Cli.Commands.MediaCommand>("media")
        .WithDescription("Decode media files (frames, 16 kHz audio, faces, subtitles) and show what was found.");
});

return app.Run(args);
