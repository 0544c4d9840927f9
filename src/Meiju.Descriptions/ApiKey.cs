namespace Meiju.Descriptions;

/// <summary>
/// The secret sent as the bearer token. Read only from an environment variable or a file (never a command-line
/// argument, which other users can read in the process list); <see cref="ToString"/> never shows it.
/// </summary>
public sealed class ApiKey
{
    /// <summary>The environment variable read when none is named.</summary>
    public const string DefaultVariable = "MEIJU_API_KEY";

    private ApiKey(string secret) => Secret = secret;

    /// <summary>The secret itself: pass it to the HTTP client only.</summary>
    internal string Secret { get; }

    /// <summary>
    /// The key from <paramref name="file"/> (first line, trimmed) when given, else from the environment variable
    /// <paramref name="variable"/> (default <see cref="DefaultVariable"/>); null when neither holds one (vLLM
    /// without <c>--api-key</c> needs none).
    /// </summary>
    public static ApiKey? Resolve(string? variable, string? file)
    {
        if (!string.IsNullOrEmpty(file))
        {
            if (!File.Exists(file))
            {
                throw new MeijuDataException(file, "API key file not found");
            }

            var line = File.ReadLines(file).FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(line) ? throw new MeijuDataException(file, "API key file is empty") : new ApiKey(line);
        }

        var value = Environment.GetEnvironmentVariable(string.IsNullOrEmpty(variable) ? DefaultVariable : variable)?.Trim();
        return string.IsNullOrEmpty(value) ? null : new ApiKey(value);
    }

    /// <summary>Wraps a key obtained elsewhere (a secret store, a test).</summary>
    public static ApiKey FromSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        return new ApiKey(secret.Trim());
    }

    /// <summary>Replaces every occurrence of the key in <paramref name="text"/> (servers sometimes echo headers in errors).</summary>
    public string Redact(string text) => text.Replace(Secret, "***", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => "***";
}
