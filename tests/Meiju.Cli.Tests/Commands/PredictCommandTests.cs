using System.Text.Json;

namespace Meiju.Tests.Cli.Commands;

/// <summary><c>meiju predict</c> through the real binary: one-line errors and exit codes, JSON on a real clip.</summary>
public class PredictCommandTests
{
    [Fact]
    public void EmptyFileIsOneLineNamingItWithAFailingExitCode()
    {
        var dir = Directory.CreateTempSubdirectory("meiju-predict-cli-").FullName;
        try
        {
            var empty = Path.Combine(dir, "empty.mp4");
            File.WriteAllBytes(empty, []);
            var (code, _, stderr) = CliHarness.RunBinary("predict", empty);
            Assert.NotEqual(0, code);
            Assert.Contains("empty.mp4", stderr);
            Assert.Contains("0 bytes", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void UnknownFormatIsRejected()
    {
        var (code, stdout, stderr) = CliHarness.RunBinary("predict", "x.mp4", "--format", "xml");
        Assert.NotEqual(0, code);
        Assert.Contains("--format", stdout + stderr);
    }

    [SharedDataFact("cremad-clips/video_flv/1001_DFA_HAP_XX.flv")]
    [Trait("Category", "Slow")]
    public void PredictsABundledClipAsJsonWithTheDefaultModel()
    {
        var clip = Path.Combine(SharedData.RepoRoot, "samples", "cremad", "1001_DFA_HAP_XX.flv");
        var (code, stdout, stderr) = CliHarness.RunBinary("predict", clip, "--format", "json", "--model", Path.Combine(SharedData.RepoRoot, "models", "meiju-base"));
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var item = json.RootElement.GetProperty("items")[0];
        Assert.Equal("happy", item.GetProperty("goldEmotion").GetString());
        Assert.Equal(7, item.GetProperty("emotionProbabilities").EnumerateObject().Count());
        Assert.Equal(3, item.GetProperty("contributions").GetArrayLength());
        Assert.Equal("Don't forget a jacket.", item.GetProperty("text").GetString());
    }
}
