namespace Meiju.Descriptions;

/// <summary>How <see cref="Describer"/> talks to the model servers.</summary>
public sealed record DescribeOptions
{
    /// <summary>Requests in flight at once, over all endpoints (also the number of utterances decoded at once).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Limit for one HTTP request, answer included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Requests per item at most; 429, 5xx, timeouts and refused connections are retried, other errors not.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First back-off delay; doubles per retry, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan BaseRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off delay of our own.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A server's Retry-After is honoured up to this long.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Answers longer than this (characters) are recorded as failures, not stored as text.</summary>
    public int MaxAnswerChars { get; init; } = 8_000;

    /// <summary>Tokens the model may generate per answer (sent as <c>max_tokens</c>).</summary>
    public int MaxOutputTokens { get; init; } = 512;

    /// <summary>Sampling temperature; 0 makes answers repeatable on servers that honour it.</summary>
    public float Temperature { get; init; }

    /// <summary>Seeds the retry jitter and is sent as the request's <c>seed</c>.</summary>
    public int Seed { get; init; }

    /// <summary>The bearer token, or null for servers that need none.</summary>
    public ApiKey? ApiKey { get; init; }

    /// <summary>Receives one line per retry or failure (never the key). Null: silent.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> for values that cannot work.</summary>
    public void Validate()
    {
        if (Concurrency < 1)
        {
            throw new ArgumentException("concurrency must be at least 1");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("timeout must be positive");
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentException("attempts must be at least 1");
        }

        if (MaxAnswerChars < 1 || MaxOutputTokens < 1)
        {
            throw new ArgumentException("answer limits must be positive");
        }
    }
}
