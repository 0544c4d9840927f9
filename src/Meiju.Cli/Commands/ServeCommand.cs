using System.ComponentModel;
using Meiju.Inference;
using Meiju.Web;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju serve</c>: the local web page over the clip analyzer (see <see cref="MeijuWebServer"/>).</summary>
internal sealed class ServeCommand(IAnsiConsole console) : AsyncCommand<ServeCommand.Settings>
{
    /// <summary>Options of <c>meiju serve</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-m|--model <DIR>")]
        [Description("Model folder (default: models/meiju-base of this checkout).")]
        public string? Model { get; init; }

        [CommandOption("-p|--port <N>")]
        [Description("TCP port; 0 picks a free one (default 5080).")]
        [DefaultValue(5080)]
        public int Port { get; init; } = 5080;

        [CommandOption("--host <IP>")]
        [Description("Address to bind (default 127.0.0.1: this machine only; 0.0.0.0 exposes the page to the network).")]
        [DefaultValue("127.0.0.1")]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("--samples <DIR>")]
        [Description("Folder of sample clips offered on the page (default: the checkout's bundled clips, if any).")]
        public string? Samples { get; init; }

        [CommandOption("--max-upload-mb <N>")]
        [Description("Largest accepted upload in MB, 1 to 2048 (default 50).")]
        [DefaultValue(50)]
        public int MaxUploadMb { get; init; } = 50;

        [CommandOption("--max-pending <N>")]
        [Description("Most analyses held at once (running, or waiting with a whole upload or a sample); more get HTTP 503 (default 4).")]
        [DefaultValue(4)]
        [Positive]
        public int MaxPending { get; init; } = 4;

        [CommandOption("--max-uploads <N>")]
        [Description("Uploads that may stream in at once, counted apart from --max-pending so slow senders cannot block analyses (default 8).")]
        [DefaultValue(8)]
        [Positive]
        public int MaxUploads { get; init; } = 8;

        [CommandOption("--upload-timeout <S>")]
        [Description("Seconds an upload may take from first to last byte; slower ones get HTTP 408 (default 120).")]
        [DefaultValue(120)]
        [Positive]
        public int UploadTimeout { get; init; } = 120;

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            MaxUploadMb is < 1 or > (int)(ServeOptions.MaxUploadLimitBytes >> 20) ? ValidationResult.Error($"--max-upload-mb must be between 1 and {ServeOptions.MaxUploadLimitBytes >> 20} (got {MaxUploadMb})")
            : Port is < 0 or > 65535 ? ValidationResult.Error("--port must be between 0 and 65535")
            : ValidationResult.Success();
    }

    /// <summary>
    /// Opens the analyzer for a model folder. Tests replace it; the real one comes from
    /// <see cref="DefaultAnalyzer.Factory"/> once Meiju.Inference provides it.
    /// </summary>
    internal static ClipAnalyzerFactory? AnalyzerFactory { get; set; } = DefaultAnalyzer.Factory;

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var factory = AnalyzerFactory
            ?? throw new InvalidOperationException("this build of meiju has no clip analyzer yet (Meiju.Inference); `meiju serve` needs one");
        var model = settings.Model ?? DefaultAnalyzer.FindModelDirectory()
            ?? throw new DirectoryNotFoundException($"models/{DefaultAnalyzer.ModelName} not found; pass --model <DIR>");
        if (!Directory.Exists(model))
        {
            throw new DirectoryNotFoundException($"{model}: model folder not found");
        }

        var analyzer = factory(model);
        var options = new ServeOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            SamplesDirectory = settings.Samples ?? DefaultAnalyzer.FindSamplesDirectory(),
            MaxUploadBytes = settings.MaxUploadMb * 1024L * 1024,
            MaxPendingRequests = settings.MaxPending,
            MaxConcurrentUploads = settings.MaxUploads,
            UploadTimeout = TimeSpan.FromSeconds(settings.UploadTimeout),
        };

        try
        {
            await using var server = await MeijuWebServer.StartAsync(options, analyzer, cancellationToken);
            console.MarkupLine($"Meiju is serving [bold]{Markup.Escape(server.Url.ToString())}[/] (model {Markup.Escape(model)}, {server.Samples.Clips.Count} sample(s), uploads up to {settings.MaxUploadMb} MB)");
            if (!System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(settings.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : settings.Host)))
            {
                console.MarkupLine("[yellow]warning:[/] bound to a non-loopback address: anyone who can reach this machine can use the page.");
            }

            console.MarkupLine("Press Ctrl+C to stop.");
            await server.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            (analyzer as IDisposable)?.Dispose();
        }

        return 0;
    }
}
