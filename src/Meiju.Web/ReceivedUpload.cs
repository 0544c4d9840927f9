namespace Meiju.Web;

/// <summary>An upload saved under a server-chosen name, or the reason it was refused.</summary>
internal sealed record ReceivedUpload
{
    /// <summary>The temp file holding the upload (null when refused).</summary>
    public string? Path { get; init; }

    /// <summary>The user's file name, reduced to a safe display string; used in messages and results only.</summary>
    public string DisplayName { get; init; } = "upload";

    /// <summary>The optional transcript typed with the upload.</summary>
    public string? Transcript { get; init; }

    /// <summary>Why the upload was refused (null when accepted).</summary>
    public ApiError? Error { get; init; }

    public static ReceivedUpload Refused(int status, string message, string displayName = "upload") =>
        new() { Error = new ApiError(message, status), DisplayName = displayName };
}
