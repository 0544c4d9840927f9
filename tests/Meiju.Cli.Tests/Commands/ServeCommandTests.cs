using System.Text.RegularExpressions;
using Meiju.Cli;
using Meiju.Cli.Commands;
using Meiju.Inference;
using Spectre.Console.Cli;
using Spectre.Console.Testing;

namespace Meiju.Tests.Cli.Commands;

public sealed partial class ServeCommandTests
{
    [Fact]
    public async Task Serve_prints_its_url_serves_the_page_and_stops_on_cancel()
    {
        var model = Directory.CreateTempSubdirectory("meiju-serve-model-").FullName;
        var previous = ServeCommand.AnalyzerFactory;
        string? openedWith = null;
        ServeCommand.AnalyzerFactory = dir =>
        {
            openedWith = dir;
            return new NoAnalyzer();
        };
        try
        {
            using var console = new TestConsole().Width(200);
            var app = new CommandApp();
            app.Configure(config =>
            {
                config.ConfigureConsole(console);
                config.SetExceptionHandler((ex, _) => CliErrors.Report(ex));
                config.AddCommand<ServeCommand>("serve");
            });
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var run = app.RunAsync(["serve", "--model", model, "--port", "0", "--max-upload-mb", "3"], stop.Token);

            Match url;
            while (!(url = ServingUrl().Match(console.Output)).Success)
            {
                Assert.False(run.IsCompleted, "serve stopped early: " + console.Output);
                await Task.Delay(50);
            }

            using var client = new HttpClient();
            var info = await client.GetStringAsync(url.Groups[1].Value + "api/info");
            await stop.CancelAsync();

            Assert.Equal(0, await run);
            Assert.Contains("\"maxUploadBytes\":3145728", info, StringComparison.Ordinal);
            Assert.Equal(model, openedWith);
            Assert.Contains("uploads up to 3 MB", console.Output, StringComparison.Ordinal);
        }
        finally
        {
            ServeCommand.AnalyzerFactory = previous;
            Directory.Delete(model, recursive: true);
        }
    }

    [Fact]
    public void Serve_names_a_missing_model_folder()
    {
        var previous = ServeCommand.AnalyzerFactory;
        ServeCommand.AnalyzerFactory = _ => new NoAnalyzer();
        try
        {
            var missing = Path.Combine(Path.GetTempPath(), "meiju-no-such-model-" + Guid.NewGuid().ToString("N"));
            var error = new StringWriter();
            var stderr = Console.Error;
            Console.SetError(error);
            int code;
            try
            {
                var app = new CommandApp();
                app.Configure(config =>
                {
                    config.ConfigureConsole(new TestConsole());
                    config.SetExceptionHandler((ex, _) => CliErrors.Report(ex));
                    config.AddCommand<ServeCommand>("serve");
                });
                code = app.Run(["serve", "--model", missing, "--port", "0"]);
            }
            finally
            {
                Console.SetError(stderr);
            }

            Assert.Equal(CliErrors.BadInput, code);
            Assert.Contains(missing + ": model folder not found", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            ServeCommand.AnalyzerFactory = previous;
        }
    }

    [GeneratedRegex(@"serving (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ServingUrl();

    private sealed class NoAnalyzer : IClipAnalyzer
    {
        public ClipAnalysis Analyze(string path, string? transcript = null, CancellationToken cancel = default) =>
            throw new MeijuDataException(path, "not used in this test");
    }
}
