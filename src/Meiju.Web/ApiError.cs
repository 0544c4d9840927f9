namespace Meiju.Web;

/// <summary>The JSON body of every error the API returns: one line a person can act on, and the HTTP status.</summary>
/// <param name="Error">What went wrong, naming the upload or sample rather than any server path.</param>
/// <param name="Status">The HTTP status code (also sent as the response status).</param>
public sealed record ApiError(string Error, int Status);
