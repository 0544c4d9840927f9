using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Meiju.Descriptions;

/// <summary>Sends one question with its media, retrying transient failures; never throws for a failed item.</summary>
internal sealed class ModelRequester(DescribeOptions options)
{
    private readonly Random _random = new(options.Seed);
    private readonly Lock _randomGate = new();

    public sealed record Outcome(string? Answer, string? Error, int Attempts, string? Endpoint, long ElapsedMs);

    public async Task<Outcome> AskAsync(EndpointPool pool, string utterance, IList<AIContent> contents, CancellationToken cancellationToken)
    {
        var chatOptions = new ChatOptions
        {
            MaxOutputTokens = options.MaxOutputTokens,
            Temperature = options.Temperature,
            Seed = options.Seed,
        };
        var watch = Stopwatch.StartNew();
        string? error = null;
        string? endpoint = null;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            bool retryable;
            TimeSpan? retryAfter = null;
            using (var lease = pool.Acquire())
            {
                endpoint = DescriptionServer.Display(lease.Endpoint);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Timeout);
                try
                {
                    var response = await lease.Client.GetResponseAsync([new ChatMessage(ChatRole.User, contents)], chatOptions, timeout.Token)
                        .ConfigureAwait(false);
                    var text = response.Text?.Trim() ?? "";
                    if (text.Length == 0)
                    {
                        return Fail("the model returned an empty answer", attempt);
                    }

                    if (text.Length > options.MaxAnswerChars)
                    {
                        return Fail($"answer over the size limit ({text.Length} characters > {options.MaxAnswerChars})", attempt);
                    }

                    return new Outcome(text, null, attempt, endpoint, watch.ElapsedMilliseconds);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    error = $"no answer within {options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (timed out)";
                    retryable = true;
                }
                catch (ClientResultException ex) when (ex.Status != 0)
                {
                    error = $"HTTP {ex.Status}: {Brief(ex.GetRawResponse()?.Content?.ToString() ?? ex.Message)}";
                    retryable = ex.Status is 408 or 429 or >= 500;
                    retryAfter = RetryAfter(ex);
                }
                catch (Exception ex) when (IsConnectionFailure(ex))
                {
                    error = "cannot reach the endpoint: " + Brief(Innermost(ex).Message);
                    retryable = true;
                }
                catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException)
                {
                    error = "the endpoint's answer is not chat-completions JSON: " + Brief(ex.Message);
                    retryable = false;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Whatever else a strange server provokes in the client stays this item's problem, not the run's.
                    error = $"unexpected {ex.GetType().Name} while asking the endpoint: {Brief(ex.Message)}";
                    retryable = false;
                }
            }

            error = Redact(error);
            if (!retryable || attempt == options.MaxAttempts)
            {
                return Fail(error, attempt);
            }

            var delay = NextDelay(attempt, retryAfter);
            Log($"{utterance}: attempt {attempt} at {endpoint} failed ({error}); retrying in {delay.TotalSeconds:0.00} s");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        throw new UnreachableException();

        Outcome Fail(string message, int attempts)
        {
            message = Redact(message);
            Log($"{utterance}: failed after {attempts} attempt(s) at {endpoint}: {message}");
            return new Outcome(null, message, attempts, endpoint, watch.ElapsedMilliseconds);
        }
    }

    /// <summary>Exponential back-off with "equal jitter" (half fixed, half random), or the server's Retry-After.</summary>
    internal TimeSpan NextDelay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } ra && ra > TimeSpan.Zero)
        {
            return ra < options.MaxRetryAfter ? ra : options.MaxRetryAfter;
        }

        var cap = Math.Min(options.MaxRetryDelay.TotalMilliseconds, options.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double r;
        lock (_randomGate)
        {
            r = _random.NextDouble();
        }

        return TimeSpan.FromMilliseconds((cap / 2) + (r * cap / 2));
    }

    private static TimeSpan? RetryAfter(ClientResultException ex)
    {
        var raw = ex.GetRawResponse();
        if (raw is null || !raw.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when - DateTimeOffset.UtcNow
            : null;
    }

    private static bool IsConnectionFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or System.Net.Sockets.SocketException or IOException
                || (e is ClientResultException cre && cre.Status == 0))
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string Brief(string text)
    {
        var oneLine = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= 300 ? oneLine : oneLine[..300] + "…";
    }

    private string Redact(string text) => options.ApiKey?.Redact(text) ?? text;

    private void Log(string line)
    {
        if (options.Log is { } log)
        {
            lock (log)
            {
                log.WriteLine(Redact(line));
            }
        }
    }
}
