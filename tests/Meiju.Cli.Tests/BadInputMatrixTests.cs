using System.Text.RegularExpressions;

namespace Meiju.Tests.Cli;

/// <summary>
/// Runs docs/bad-input.md: every "matrix" row through the real binary, and every other row's named test must exist,
/// so the page and the behaviour cannot drift apart.
/// </summary>
public sealed partial class BadInputMatrixTests : IClassFixture<BadInputFiles>
{
    private readonly BadInputFiles _files;

    public BadInputMatrixTests(BadInputFiles files) => _files = files;

    public static TheoryData<string> MatrixRows()
    {
        var rows = new TheoryData<string>();
        foreach (var row in Rows().Where(r => r.CheckedBy == "matrix"))
        {
            rows.Add(row.Command);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(MatrixRows))]
    public void Row_behaves_as_documented(string command)
    {
        var row = Rows().Single(r => r.Command == command && r.CheckedBy == "matrix");
        var args = Arguments(row.Command).Select(_files.Resolve).ToArray();
        var (code, stdout, stderr) = CliHarness.RunBinary(args);
        var output = Whitespace().Replace(stdout + " " + stderr, " ");
        Assert.True(row.Exit == code, $"{row.Command}: exit {code}, documented {row.Exit}\n{output}");
        Assert.True(output.Contains(row.Sees, StringComparison.Ordinal), $"{row.Command}: output lacks \"{row.Sees}\"\n{output}");
        Assert.DoesNotContain("internal error", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_has_matrix_rows_and_every_other_row_names_a_test_that_exists()
    {
        var rows = Rows();
        Assert.True(rows.Count(r => r.CheckedBy == "matrix") >= 20, "docs/bad-input.md lost its matrix rows");
        var sources = Directory.EnumerateFiles(Path.Combine(SharedData.RepoRoot, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToLookup(f => Path.GetFileNameWithoutExtension(f));
        foreach (var row in rows.Where(r => r.CheckedBy != "matrix"))
        {
            var (type, method) = (row.CheckedBy.Split('.')[0], row.CheckedBy.Split('.')[1]);
            Assert.True(sources[type].Any(f => Regex.IsMatch(File.ReadAllText(f), $@"\b(void|Task) {method}\(")),
                $"docs/bad-input.md names {row.CheckedBy}, which no test file defines");
        }
    }

    private static List<Row> Rows()
    {
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(Path.Combine(SharedData.RepoRoot, "docs", "bad-input.md")))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != 7 || cells[1] is "input" || cells[1].StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            var command = Backticked(cells[2]) ?? cells[2];
            var sees = Backticked(cells[3]) ?? cells[3];
            var exit = int.TryParse(cells[4], out var e) ? e : -1;
            rows.Add(new Row(command, sees, exit, cells[5]));
        }

        return rows;
    }

    private static string? Backticked(string cell) => Regex.Match(cell, "`([^`]+)`") is { Success: true } m ? m.Groups[1].Value : null;

    // "meiju predict --transcript "I can't …" --format json" → its arguments, quotes removed, "meiju" dropped.
    private static IEnumerable<string> Arguments(string command) =>
        Regex.Matches(command, "\"([^\"]*)\"|(\\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Skip(1);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record Row(string Command, string Sees, int Exit, string CheckedBy);
}
