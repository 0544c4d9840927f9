using System.Net.Http.Headers;
using System.Text.Json;
using Meiju.Inference;

namespace Meiju.Web.Tests;

/// <summary>A server on a free loopback port with its own temp and samples folders, and a client for it.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private readonly string _root;

    private ServerHarness(string root, MeijuWebServer server, IClipAnalyzer analyzer)
    {
        _root = root;
        Server = server;
        Analyzer = analyzer;
        Client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public MeijuWebServer Server { get; }

    public IClipAnalyzer Analyzer { get; }

    public HttpClient Client { get; }

    public string TempDirectory => Path.Combine(_root, "uploads");

    public static async Task<ServerHarness> StartAsync(IClipAnalyzer analyzer, long maxUploadBytes = 1024 * 1024, string? samples = null, Action<string>? fillSamples = null, int maxPending = 4, int maxUploads = 8, TimeSpan? uploadTimeout = null)
    {
        var root = Directory.CreateTempSubdirectory("meiju-web-test-").FullName;
        if (fillSamples is not null)
        {
            samples = Path.Combine(root, "samples");
            Directory.CreateDirectory(samples);
            fillSamples(samples);
        }

        var options = new ServeOptions
        {
            Port = 0,
            MaxUploadBytes = maxUploadBytes,
            MaxPendingRequests = maxPending,
            MaxConcurrentUploads = maxUploads,
            UploadTimeout = uploadTimeout ?? TimeSpan.FromSeconds(120),
            SamplesDirectory = samples,
            TempDirectory = Path.Combine(root, "uploads"),
        };
        return new ServerHarness(root, await MeijuWebServer.StartAsync(options, analyzer), analyzer);
    }

    public static MultipartFormDataContent Form(byte[] file, string fileName, string? transcript = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        if (transcript is not null)
        {
            form.Add(new StringContent(transcript), "transcript");
        }

        return form;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
