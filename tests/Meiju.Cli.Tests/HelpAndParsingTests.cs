using Meiju.Cli;
using Spectre.Console.Testing;

namespace Meiju.Tests.Cli;

/// <summary>Every command's help renders, and mistyped options or commands are errors with a hint, never ignored.</summary>
public class HelpAndParsingTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in CommandHelpProbe.Walk(CommandHelpProbe.Resolve([]).Model))
        {
            data.Add(string.Join(' ', path));
        }

        return data;
    }

    [Fact]
    public void The_walk_finds_the_whole_tree()
    {
        var paths = CommandHelpProbe.Walk(CommandHelpProbe.Resolve([]).Model).Select(c => string.Join(' ', c.Path)).ToList();
        Assert.Contains("extract", paths);
        Assert.Contains("dataset mean-pool", paths);
        Assert.Contains("bench predict", paths);
        Assert.True(paths.Count >= 30, $"only {paths.Count} commands found");
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Help_renders(string path)
    {
        var (code, output, errors) = RunCapturingErrors([.. path.Split(' '), "--help"]);
        Assert.True(code == 0, $"meiju {path} --help exited {code}: {errors}");
        Assert.Contains("USAGE:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dataset")]
    [InlineData("checkpoint")]
    [InlineData("bench")]
    [InlineData("base")]
    [InlineData("models")]
    public void A_branch_without_a_sub_command_lists_its_commands(string branch)
    {
        var (_, output, errors) = RunCapturingErrors([branch]);
        Assert.Contains("COMMANDS:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_help_shows_its_options_through_the_binary()
    {
        var (code, stdout, stderr) = CliHarness.RunBinary("extract", "--help");
        Assert.True(code == 0, stderr);
        Assert.Contains("--features", stdout, StringComparison.Ordinal);
        Assert.Contains("[T, D]", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train --config baseline --data x --out y --sed 3", "unknown option '--sed' for 'meiju train'; did you mean '--seed'?")]
    [InlineData("predict samples/cremad/1001_DFA_HAP_XX.flv --fromat json", "unknown option '--fromat' for 'meiju predict'; did you mean '--format'?")]
    [InlineData("extract --videos x --out y --feature logmel", "unknown option '--feature' for 'meiju extract'; did you mean '--features'?")]
    [InlineData("dataset stats x --trakc 2", "unknown option '--trakc' for 'meiju dataset stats'; did you mean '--track'?")]
    [InlineData("evaluate --zzzzzzzz", "unknown option '--zzzzzzzz' for 'meiju evaluate' (see 'meiju evaluate --help')")]
    [InlineData("dataset stat x", "unknown command 'stat'; did you mean 'stats'?")]
    public void A_mistyped_option_or_command_is_an_error_with_a_hint(string line, string expected)
    {
        var (code, stdout, stderr) = CliHarness.RunBinary(line.Split(' '));
        Assert.Equal(CliErrors.BadInput, code);
        Assert.Contains("error: " + expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("Wrote", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fromat", "--format")]
    [InlineData("--sed", "--seed")]
    [InlineData("--epoch", "--epochs")]
    [InlineData("--qqqqqqq", null)]
    public void Nearest_takes_typos_not_strangers(string typed, string? expected) =>
        Assert.Equal(expected, ParseErrors.Nearest(typed, ["--format", "--seed", "--epochs", "--out"]));

    private static (int Code, string Output, string Errors) RunCapturingErrors(string[] args)
    {
        using var console = new TestConsole().Width(160);
        var errors = new StringWriter();
        var previous = Console.Error;
        Console.SetError(errors);
        try
        {
            var code = MeijuApp.Run(args, console);
            return (code, console.Output, errors.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
