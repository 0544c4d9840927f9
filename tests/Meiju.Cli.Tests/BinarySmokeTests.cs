namespace Meiju.Tests.Cli;

/// <summary>The real <c>meiju</c> entry point: Program.cs wiring, help text and one-line errors.</summary>
public class BinarySmokeTests
{
    [Fact]
    public void HelpListsTheCommandsWithExamples()
    {
        var (code, stdout, _) = CliHarness.RunBinary("--help");
        Assert.Equal(0, code);
        Assert.Contains("dataset", stdout);
        Assert.Contains("evaluate", stdout);

        (code, stdout, _) = CliHarness.RunBinary("evaluate", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--predictions", stdout);
        Assert.Contains("emo_pred", stdout);
        Assert.Contains("EXAMPLES", stdout, StringComparison.OrdinalIgnoreCase);

        (code, stdout, _) = CliHarness.RunBinary("dataset", "stats", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--track", stdout);
    }

    [Fact]
    public void BadInputIsOneLineNamingFileAndLine()
    {
        using var layout = new TempLayout();
        var bad = layout.Write("bad.csv", "filename,emo_pred,int_pred", "v1,neutral,questioning", "v2,elated,neutral");
        var (code, _, stderr) = CliHarness.RunBinary("evaluate", "-p", bad, "-l", layout.Labels, "-t", "2");
        Assert.Equal(2, code);
        Assert.Contains($"{bad}:3:", stderr.Replace("\n", string.Empty));
        Assert.Contains("elated", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void EvaluatesThroughTheBinary()
    {
        using var layout = new TempLayout();
        var (code, stdout, stderr) = CliHarness.RunBinary("evaluate", "-p", layout.Predictions, "-l", layout.Labels, "-t", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("JRBM", stdout);
    }
}
