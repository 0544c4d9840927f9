using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Meiju.Web;

/// <summary>
/// Answers a request whose target Kestrel would reject before any middleware runs (a "%00" in the path) with the
/// API's JSON error instead of Kestrel's empty 400. It looks at the first request of each connection only, without
/// consuming anything; later requests on a kept-alive connection still get Kestrel's own bare 400.
/// </summary>
internal static class RequestLineGuard
{
    private const int MaxRequestLine = 8192;

    /// <summary>The connection middleware (see <c>ListenOptions.Use</c>).</summary>
    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        if (await FirstLineAsync(connection.Transport.Input, connection.ConnectionClosed).ConfigureAwait(false) is { } line
            && Problem(line) is { } problem)
        {
            await RefuseAsync(connection.Transport.Output, problem).ConfigureAwait(false);
            return;
        }

        await next(connection).ConfigureAwait(false);
    };

    /// <summary>Why the request line <paramref name="line"/> cannot be served, or null when Kestrel may take it.</summary>
    internal static string? Problem(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length < 2)
        {
            return null;
        }

        var target = parts[1];
        return target.Contains("%00", StringComparison.Ordinal)
            ? "the request path contains a NUL character (%00); no sample id or page has one"
            : null;
    }

    private static async Task<string?> FirstLineAsync(PipeReader input, CancellationToken cancel)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            var buffer = result.Buffer;
            var end = buffer.PositionOf((byte)'\n');
            if (end is null && !result.IsCompleted && buffer.Length < MaxRequestLine)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var line = Encoding.ASCII.GetString((end is { } e ? buffer.Slice(0, e) : buffer.Slice(0, Math.Min(buffer.Length, MaxRequestLine))).ToArray());
            // Nothing consumed and nothing examined: Kestrel reads the same bytes next.
            input.AdvanceTo(buffer.Start);
            return line.TrimEnd('\r');
        }
    }

    private static async Task RefuseAsync(PipeWriter output, string problem)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ApiError(problem, 400), MeijuWebServer.JsonOptions);
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await output.WriteAsync(head).ConfigureAwait(false);
        await output.WriteAsync(body).ConfigureAwait(false);
        await output.CompleteAsync().ConfigureAwait(false);
    }
}
