namespace Meiju.Descriptions;

/// <summary>One row of the description store.</summary>
/// <param name="Key">What was asked.</param>
/// <param name="Status">Answered or failed.</param>
/// <param name="Answer">The model's answer (null when failed).</param>
/// <param name="Error">Why it failed (null when answered); never contains the API key.</param>
/// <param name="Attempts">HTTP requests made for it (0 when the input was unusable).</param>
/// <param name="Endpoint">The endpoint that gave the final answer or error, without credentials.</param>
/// <param name="ElapsedMs">Wall time spent on it, retries included.</param>
/// <param name="UpdatedUtc">When the row was written.</param>
public sealed record DescriptionRecord(
    DescriptionKey Key,
    DescriptionStatus Status,
    string? Answer,
    string? Error,
    int Attempts,
    string? Endpoint,
    long ElapsedMs,
    DateTime UpdatedUtc);
