using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Meiju.Descriptions.Tests;

/// <summary>What the fake server does with one request.</summary>
public abstract record Reply
{
    /// <summary>A normal chat completion whose message content is <paramref name="Text"/>, after <paramref name="DelayMs"/>.</summary>
    public sealed record Answer(string Text, int DelayMs = 0) : Reply;

    /// <summary>An HTTP error status with a body, optionally a Retry-After header.</summary>
    public sealed record Status(int Code, string Body = "{\"error\":{\"message\":\"busy\"}}", string? RetryAfter = null) : Reply;

    /// <summary>Never answers (until the client gives up or 30 s pass).</summary>
    public sealed record Hang : Reply;

    /// <summary>A 200 with an arbitrary body (e.g. HTML from a misconfigured proxy).</summary>
    public sealed record Raw(string ContentType, string Body) : Reply;
}

/// <summary>One request as the server saw it.</summary>
public sealed record RecordedRequest(int Number, string Path, string? Authorization, string RawBody)
{
    public JsonElement Body { get; } = JsonDocument.Parse(RawBody).RootElement.Clone();

    public string Model => Body.GetProperty("model").GetString()!;

    private IEnumerable<JsonElement> Parts =>
        Body.GetProperty("messages").EnumerateArray()
            .SelectMany(m => m.GetProperty("content").ValueKind == JsonValueKind.Array
                ? m.GetProperty("content").EnumerateArray().ToList()
                : new List<JsonElement> { JsonDocument.Parse(JsonSerializer.Serialize(new { type = "text", text = m.GetProperty("content").GetString() })).RootElement });

    public IReadOnlyList<string> Texts => Parts.Where(p => p.GetProperty("type").GetString() == "text").Select(p => p.GetProperty("text").GetString()!).ToList();

    public IReadOnlyList<string> ImageUrls => Parts.Where(p => p.GetProperty("type").GetString() == "image_url")
        .Select(p => p.GetProperty("image_url").GetProperty("url").GetString()!).ToList();

    public IReadOnlyList<(string Data, string Format)> Audio => Parts.Where(p => p.GetProperty("type").GetString() == "input_audio")
        .Select(p => (p.GetProperty("input_audio").GetProperty("data").GetString()!, p.GetProperty("input_audio").GetProperty("format").GetString()!)).ToList();

    /// <summary>The prompt: the last text part.</summary>
    public string Prompt => Texts[^1];
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) speaking the chat-completions subset the describer uses.
/// Each request is recorded; <see cref="Respond"/> decides the reply (default: answer "about: &lt;prompt&gt;").
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private int _count;
    private int _answered;

    private FakeChatServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Func<RecordedRequest, Reply> Respond { get; set; } = r => new Reply.Answer(DefaultAnswer(r));

    public Uri BaseUrl { get; private set; } = null!;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Requests answered with a 200 chat completion so far.</summary>
    public int Answered => Volatile.Read(ref _answered);

    public static string DefaultAnswer(RecordedRequest r) => $"about: {r.Prompt} [images={r.ImageUrls.Count}, audio={r.Audio.Count}]";

    public static async Task<FakeChatServer> StartAsync(Func<RecordedRequest, Reply>? respond = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = 256 * 1024 * 1024;
        });
        var app = builder.Build();
        var server = new FakeChatServer(app);
        if (respond is not null)
        {
            server.Respond = respond;
        }

        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(Interlocked.Increment(ref _count), ctx.Request.Path, ctx.Request.Headers.Authorization.ToString(), body);
        Requests.Enqueue(request);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _stopping.Token);
        try
        {
            switch (Respond(request))
            {
                case Reply.Answer a:
                    if (a.DelayMs > 0)
                    {
                        await Task.Delay(a.DelayMs, cts.Token);
                    }

                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.WriteAsync(Completion(request.Model, a.Text), cts.Token);
                    Interlocked.Increment(ref _answered);
                    break;
                case Reply.Status s:
                    ctx.Response.StatusCode = s.Code;
                    if (s.RetryAfter is not null)
                    {
                        ctx.Response.Headers.RetryAfter = s.RetryAfter;
                    }

                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.WriteAsync(s.Body, cts.Token);
                    break;
                case Reply.Hang:
                    await Task.Delay(TimeSpan.FromSeconds(30), cts.Token);
                    break;
                case Reply.Raw raw:
                    ctx.Response.ContentType = raw.ContentType;
                    await ctx.Response.WriteAsync(raw.Body, cts.Token);
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            // The client gave up (timeout) or the server is stopping.
        }
    }

    private static string Completion(string model, string text) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_700_000_000,
        model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
    });
}
