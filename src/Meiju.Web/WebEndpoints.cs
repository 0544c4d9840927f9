using System.Text.Json;
using Meiju.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Meiju.Web;

/// <summary>The page and its JSON API. Every error is an <see cref="ApiError"/> with a matching status.</summary>
internal sealed class WebEndpoints(IClipAnalyzer analyzer, SampleCatalog samples, UploadReceiver receiver, EmbeddedAssets assets, ServeOptions options)
{
    // One analysis at a time: decoding and the model already use every core, a second would only slow both.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly long maxUploadBytes = options.MaxUploadBytes;
    private readonly int maxPending = options.MaxPendingRequests;
    private int _pending;
    private int _uploading;

    public void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            // The page loads nothing from elsewhere (no CDN, no internet); say so to the browser as well.
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context).ConfigureAwait(false);
        });

        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/assets/{name}", (string name) => Asset(name));
        app.MapGet("/api/info", () => Results.Json(new
        {
            maxUploadBytes,
            samples = samples.Clips,
        }));
        app.MapGet("/api/samples", () => Results.Json(samples.Clips));
        app.MapPost("/api/samples/{id}/analyze", (string id, CancellationToken cancel) => BoundedAsync(() => AnalyzeSampleAsync(id, cancel)));
        app.MapPost("/api/analyze", (HttpRequest request, CancellationToken cancel) => AnalyzeUploadAsync(request, cancel));
        app.MapFallback((HttpContext context) => Error(StatusCodes.Status404NotFound, $"no such page or API: {context.Request.Method} {context.Request.Path}"));
    }

    private IResult Asset(string name) =>
        assets.TryGet(name, out var bytes, out var contentType)
            ? Results.Bytes(bytes, contentType)
            : Error(StatusCodes.Status404NotFound, "no such asset");

    /// <summary>Refuses new work while <c>maxPending</c> requests are already uploading, waiting or running.</summary>
    private async Task<IResult> BoundedAsync(Func<Task<IResult>> handle)
    {
        try
        {
            if (Interlocked.Increment(ref _pending) > maxPending)
            {
                return Error(StatusCodes.Status503ServiceUnavailable, $"busy: {maxPending} clip(s) are already being analysed or waiting; try again in a moment");
            }

            return await handle().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task<IResult> AnalyzeSampleAsync(string id, CancellationToken cancel)
    {
        if (!samples.TryGet(id, out var clip, out var path))
        {
            return Error(StatusCodes.Status404NotFound, $"no sample with id '{Shorten(id)}'; GET /api/samples lists them");
        }

        return await AnalyzeAsync(path, clip.Name, clip.Transcript, cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Receives the upload under its own slot and time limit, then joins the analysis queue: only a whole upload counts
    /// toward <c>maxPending</c>, so slow senders cannot lock out analyses of samples or of finished uploads.
    /// </summary>
    private async Task<IResult> AnalyzeUploadAsync(HttpRequest request, CancellationToken cancel)
    {
        ReceivedUpload upload;
        try
        {
            if (Interlocked.Increment(ref _uploading) > options.MaxConcurrentUploads)
            {
                return Error(StatusCodes.Status503ServiceUnavailable, $"busy: {options.MaxConcurrentUploads} uploads are already in progress; try again in a moment");
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(options.UploadTimeout);
            try
            {
                upload = await receiver.ReceiveAsync(request, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                return Error(StatusCodes.Status408RequestTimeout, $"the upload took longer than {options.UploadTimeout.TotalSeconds:0} s; send it faster or ask for a longer --upload-timeout");
            }
        }
        finally
        {
            Interlocked.Decrement(ref _uploading);
        }

        if (upload.Error is { } error)
        {
            return Results.Json(error, MeijuWebServer.JsonOptions, statusCode: error.Status);
        }

        try
        {
            return await BoundedAsync(() => AnalyzeAsync(upload.Path!, upload.DisplayName, upload.Transcript, cancel)).ConfigureAwait(false);
        }
        finally
        {
            UploadReceiver.Delete(upload.Path);
        }
    }

    private async Task<IResult> AnalyzeAsync(string path, string displayName, string? transcript, CancellationToken cancel)
    {
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var analysis = await Task.Run(() => analyzer.Analyze(path, transcript, cancel), cancel).ConfigureAwait(false);

            // Serialised here, not by the framework after return, so a malformed analysis is a JSON 500 like any failure.
            var json = JsonSerializer.SerializeToUtf8Bytes(analysis with { Clip = displayName }, MeijuWebServer.JsonOptions);
            return Results.Bytes(json, "application/json; charset=utf-8");
        }
        catch (MeijuDataException ex)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, Redact(ex.Message, path, displayName));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The browser went away; nobody reads this.
            return Error(StatusCodes.Status499ClientClosedRequest, "cancelled");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Error(StatusCodes.Status500InternalServerError, "analysis failed: " + Redact(ex.Message, path, displayName));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Messages name the file they are about: show the user's name for it, never the server's path.</summary>
    private static string Redact(string message, string path, string displayName) =>
        message.Replace(path, displayName, StringComparison.Ordinal)
            .Replace(Path.GetFileName(path), displayName, StringComparison.Ordinal);

    private static IResult Error(int status, string message) =>
        Results.Json(new ApiError(message, status), MeijuWebServer.JsonOptions, statusCode: status);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
