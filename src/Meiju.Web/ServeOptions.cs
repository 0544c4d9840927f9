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
    /// Most analyses in the server at once (running or waiting their turn with a whole upload or a sample); more get a
    /// 503. Uploads still streaming do not count here (see <see cref="MaxConcurrentUploads"/>).
    /// </summary>
    public int MaxPendingRequests { get; init; } = 4;

    /// <summary>The largest <see cref="MaxUploadBytes"/> accepted (2 GB): beyond it no clip is an utterance.</summary>
    public const long MaxUploadLimitBytes = 2048L * 1024 * 1024;

    /// <summary>
    /// Uploads that may stream in at once. They have their own limit, apart from <see cref="MaxPendingRequests"/>, so
    /// clients that send slowly can never hold the slots that analyses of whole uploads and samples need.
    /// </summary>
    public int MaxConcurrentUploads { get; init; } = 8;

    /// <summary>
    /// The longest an upload may take from its first byte to its last; a slower one gets HTTP 408 and its slot back.
    /// Kestrel's minimum data rate alone lets a client at 300 B/s hold a slot for hours.
    /// </summary>
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Folder for uploads while they are analysed; null for a fresh folder under the system temp.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Checks the values a user can get wrong; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port must be between 0 and 65535 (got {Port})");
        }

        if (MaxUploadBytes <= 0 || MaxUploadBytes > MaxUploadLimitBytes)
        {
            throw new ArgumentException($"--max-upload-mb must be between 1 and {MaxUploadLimitBytes >> 20} (got {MaxUploadBytes / (1024.0 * 1024):0.###} MB)");
        }

        if (MaxConcurrentUploads < 1)
        {
            throw new ArgumentException($"--max-uploads must be at least 1 (got {MaxConcurrentUploads})");
        }

        if (UploadTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"--upload-timeout must be positive (got {UploadTimeout.TotalSeconds} s)");
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
