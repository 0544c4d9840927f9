namespace Meiju.Features.Tests.Text;

/// <summary>
/// A fact that needs node and npm @huggingface/tokenizers (tests/tokenizer-reference, installed by scripts/setup.sh)
/// and real sentences under ../shared/data; it skips with the reason when one is missing.
/// </summary>
public sealed class NodeReferenceFactAttribute : FactAttribute
{
    /// <summary>The folder holding encode.mjs and its node_modules.</summary>
    public static string Folder { get; } = Path.Combine(SharedData.RepoRoot, "tests", "tokenizer-reference");

    /// <summary>Skips unless node, the reference package and every data path exist.</summary>
    public NodeReferenceFactAttribute(params string[] dataPaths)
    {
        var data = new SharedDataFactAttribute(dataPaths);
        if (data.Skip is not null)
        {
            Skip = data.Skip;
        }
        else if (NodeExecutable() is null)
        {
            Skip = "node is not on PATH (the reference tokenizer @huggingface/tokenizers runs on it)";
        }
        else if (!File.Exists(Path.Combine(Folder, "node_modules", "@huggingface", "tokenizers", "package.json")))
        {
            Skip = $"@huggingface/tokenizers is not installed: run `npm ci` in {Folder} (scripts/setup.sh does)";
        }
    }

    /// <summary>The node executable on PATH, or null.</summary>
    public static string? NodeExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node")).FirstOrDefault(File.Exists);
}
