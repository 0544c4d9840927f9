using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Meiju.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Meiju.Web;

/// <summary>
/// The local web page of <c>meiju serve</c>: a Kestrel server with the embedded page and a small JSON API over one
/// <see cref="IClipAnalyzer"/>. Analyses run one at a time, so a small machine is never asked for two at once.
/// </summary>
public sealed class MeijuWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _tempDirectory;
    private readonly bool _ownsTempDirectory;

    private MeijuWebServer(WebApplication app, Uri url, string tempDirectory, bool ownsTempDirectory, SampleCatalog samples)
    {
        _app = app;
        Url = url;
        _tempDirectory = tempDirectory;
        _ownsTempDirectory = ownsTempDirectory;
        Samples = samples;
    }

    /// <summary>The page's address, with the actual port when 0 was asked for.</summary>
    public Uri Url { get; }

    /// <summary>The samples offered on the page.</summary>
    public SampleCatalog Samples { get; }

    /// <summary>JSON settings of every API response (camelCase; NaN durations written as "NaN").</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Starts listening; returns once the port is bound.</summary>
    /// <exception cref="ArgumentException">An option is out of range or the host is not an IP address.</exception>
    public static async Task<MeijuWebServer> StartAsync(ServeOptions options, IClipAnalyzer analyzer, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(analyzer);
        options.Validate();
        var address = ParseHost(options.Host);
        var samples = options.SamplesDirectory is { } dir ? SampleCatalog.Load(dir) : SampleCatalog.Empty;
        var ownsTemp = options.TempDirectory is null;
        var tempDirectory = options.TempDirectory ?? Directory.CreateTempSubdirectory("meiju-serve-").FullName;
        Directory.CreateDirectory(tempDirectory);
        var receiver = new UploadReceiver(tempDirectory, options.MaxUploadBytes);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(MeijuWebServer).Assembly.GetName().Name,
            ContentRootPath = tempDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = receiver.MaxRequestBytes;
            kestrel.Listen(address, options.Port, listen => listen.Use(RequestLineGuard.Middleware));
        });
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxUploadBytes);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonOptions.NumberHandling);

        var app = builder.Build();
        var endpoints = new WebEndpoints(analyzer, samples, receiver, EmbeddedAssets.Load(), options);
        endpoints.Map(app);
        try
        {
            await app.StartAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            if (ownsTemp)
            {
                Directory.Delete(tempDirectory, recursive: true);
            }

            if (ex is IOException && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--port {options.Port}: address {options.Host}:{options.Port} is already in use (another meiju serve?); choose another port, or --port 0 for any free one", ex);
            }

            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal) + "/");
        return new MeijuWebServer(app, url, tempDirectory, ownsTemp, samples);
    }

    /// <summary>Waits until <paramref name="cancel"/> fires or the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancel = default) => _app.WaitForShutdownAsync(cancel);

    /// <summary>Stops the server and removes the temp folder it created.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_ownsTempDirectory)
        {
            try
            {
                Directory.Delete(_tempDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temp clean-up; every upload in it was already deleted after analysis.
            }
        }
    }

    private static IPAddress ParseHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var ip) ? ip
        : throw new ArgumentException($"--host must be an IP address such as 127.0.0.1 or 0.0.0.0 (got '{host}')");
}
