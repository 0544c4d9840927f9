namespace Meiju.Data;

/// <summary>One problem found while checking a dataset: the file, what is wrong, and the line where one applies.</summary>
/// <param name="Path">The file (or folder) that holds the problem.</param>
/// <param name="Message">What is wrong, in words a user can act on.</param>
/// <param name="Line">1-based line for line-oriented files, else null.</param>
public sealed record DataProblem(string Path, string Message, int? Line = null)
{
    /// <summary>The problem from a <see cref="MeijuDataException"/>.</summary>
    public static DataProblem From(MeijuDataException e) => new(e.FilePath, e.Problem, e.Line);

    /// <summary>The problem as an exception, to throw where one problem is enough.</summary>
    public MeijuDataException ToException() => new(Path, Message, Line);

    /// <inheritdoc />
    public override string ToString() => Line is { } l ? $"{Path}:{l}: {Message}" : $"{Path}: {Message}";
}
