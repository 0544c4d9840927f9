namespace Meiju;

/// <summary>
/// Bad input: a file that is missing, malformed or inconsistent. The message always names the file (and the line
/// where one applies) so that the command line can print it as is, without a stack trace.
/// </summary>
public sealed class MeijuDataException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>, optionally at a 1-based <paramref name="line"/>.</summary>
    public MeijuDataException(string path, string problem, int? line = null, Exception? inner = null)
        : base(Format(path, problem, line), inner)
    {
        FilePath = path;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file that holds the problem.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line of the problem, when the file is line-oriented.</summary>
    public int? Line { get; }

    /// <summary>The problem alone, without the location.</summary>
    public string Problem { get; }

    private static string Format(string path, string problem, int? line) =>
        line is { } l ? $"{path}:{l}: {problem}" : $"{path}: {problem}";
}
