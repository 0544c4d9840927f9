namespace Meiju.Descriptions;

/// <summary>
/// One model served behind one or more OpenAI-compatible endpoints (e.g. several vLLM replicas of Qwen2-VL).
/// Every endpoint must serve the same model under the same name: answers are cached by that name.
/// </summary>
public sealed record DescriptionServer
{
    /// <summary>Creates the server description; endpoints without a path get <c>/v1</c> (vLLM's and OpenAI's prefix).</summary>
    public DescriptionServer(string model, IEnumerable<Uri> endpoints)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Model = model;
        Endpoints = endpoints.Select(Normalize).ToList();
        if (Endpoints.Count == 0)
        {
            throw new ArgumentException($"no endpoint given for model {model}", nameof(endpoints));
        }
    }

    /// <summary>The model name sent in every request (vLLM: the <c>--served-model-name</c>, by default the model path).</summary>
    public string Model { get; }

    /// <summary>Base URLs, each ending in the API prefix (<c>http://host:8000/v1</c>).</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    /// <summary>Parses endpoint URLs given on a command line; each argument may hold several, comma-separated.</summary>
    public static IReadOnlyList<Uri> ParseEndpoints(IEnumerable<string> values)
    {
        var list = new List<Uri>();
        foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"'{Redacted(part)}' is not an http(s) URL");
            }

            list.Add(uri);
        }

        return list;
    }

    /// <summary>The URL as it may be shown and stored: no user name or password.</summary>
    public static string Display(Uri endpoint) =>
        new UriBuilder(endpoint) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/');

    private static Uri Normalize(Uri uri)
    {
        var builder = new UriBuilder(uri);
        if (builder.Path is "" or "/")
        {
            builder.Path = "/v1";
        }

        return builder.Uri;
    }

    private static string Redacted(string text) => text.Contains('@', StringComparison.Ordinal) ? "(URL with credentials)" : text;
}
