namespace Meiju.Web;

/// <summary>How <c>meiju serve</c> listens and what it accepts.</summary>
public sealed record ServeOptions
{
    /// <summary>Default upload limit: a few minutes of phone video, far more than an utterance needs.</summary>
    public const long DefaultMaxUploadBytes = 50L * 1024 * 1024;

    /// <summary>Interface to bind; loopback by default so the page is not exposed to the network by accident.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks any free port (the chosen one is in <see cref="MeijuWebServer.Url"/>).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>Folder of bundled sample clips offered by id on the page; null for none.</summary>
    public string? SamplesDirectory { get; init; }

    /// <summary>Largest accepted upload in bytes (the file itself; multipart framing is allowed on top).</summary>
    public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

    /// <summary>
    /// Most analysis requests in the server at once (running, waiting their turn, or uploading); more get a 503.
    /// Bounds the disk that waiting uploads can fill.
    /// </summary>
    public int MaxPendingRequests { get; init; } = 4;

    /// <summary>Folder for uploads while they are analysed; null for a fresh folder under the system temp.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Checks the values a user can get wrong; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port must be between 0 and 65535 (got {Port})");
        }

        if (MaxUploadBytes <= 0)
        {
            throw new ArgumentException($"--max-upload-mb must be positive (got {MaxUploadBytes} bytes)");
        }

        if (MaxPendingRequests < 1)
        {
            throw new ArgumentException($"--max-pending must be at least 1 (got {MaxPendingRequests})");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("--host must not be empty");
        }

        if (SamplesDirectory is { } dir && !Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"{dir}: samples folder not found");
        }
    }
}
