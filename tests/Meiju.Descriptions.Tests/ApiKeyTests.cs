using System.Text;

namespace Meiju.Descriptions.Tests;

public sealed class ApiKeyTests
{
    private const string Secret = "sk-meiju-test-5b1f0c9e7d";

    [Fact]
    public async Task The_key_is_sent_as_bearer_token_but_never_appears_in_logs_or_the_store()
    {
        using var media = new TestMedia();
        media.AddMany(2);
        // The audio server echoes the Authorization header in its error body, as some proxies do.
        await using var vlm = await FakeChatServer.StartAsync(r => r.Number == 1
            ? new Reply.Status(503, $"overloaded; you sent {r.Authorization}")
            : new Reply.Answer("fine"));
        await using var alm = await FakeChatServer.StartAsync(r => new Reply.Status(401, $"{{\"error\":\"bad key {r.Authorization}\"}}"));
        using var log = new StringWriter();
        var options = Harness.Fast(attempts: 2) with { ApiKey = ApiKey.FromSecret(Secret), Log = log };

        var summary = await Harness.RunAsync(media, vlm, alm, options, ct: Harness.Deadline());
        var export = Path.Combine(media.Root, "all.jsonl");
        using (var store = DescriptionStore.Open(media.StorePath))
        {
            store.Export(export);
        }

        Assert.All(vlm.Requests.Concat(alm.Requests), r => Assert.Equal("Bearer " + Secret, r.Authorization));
        Assert.Equal(4, summary.Failed);
        Assert.All(summary.Failures, f => Assert.Contains("bad key Bearer ***", f.Error, StringComparison.Ordinal));
        Assert.Contains("Bearer ***", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, File.ReadAllText(export), StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(media.Root, "descriptions.db*"))
        {
            Assert.DoesNotContain(Secret, Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_cli_reads_the_key_from_the_environment_and_never_prints_it()
    {
        using var media = new TestMedia();
        media.Add("utt01");
        await using var vlm = await FakeChatServer.StartAsync(r => new Reply.Status(403, $"denied for {r.Authorization}"));
        var logFile = Path.Combine(media.Root, "describe.log");

        var (exit, output) = await Cli.RunAsync(
            ["describe", "--videos", media.Videos, "--out", media.StorePath, "--vlm", vlm.BaseUrl.ToString(), "--api-key-env", "MEIJU_TEST_KEY", "--log", logFile],
            new Dictionary<string, string> { ["MEIJU_TEST_KEY"] = Secret });

        Assert.Equal(1, exit);
        Assert.Equal("Bearer " + Secret, Assert.Single(vlm.Requests).Authorization);
        Assert.Contains("denied for Bearer ***", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, File.ReadAllText(logFile), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_come_from_a_file_or_an_environment_variable_and_never_print()
    {
        var file = Path.Combine(Path.GetTempPath(), "meiju-key-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, Secret + "\n");
        var variable = "MEIJU_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Environment.SetEnvironmentVariable(variable, "  env-secret  ");
            var fromFile = ApiKey.Resolve(variable, file);
            var fromEnv = ApiKey.Resolve(variable, null);

            Assert.Equal(Secret, fromFile!.Secret);
            Assert.Equal("env-secret", fromEnv!.Secret);
            Assert.Equal("***", fromFile.ToString());
            Assert.Equal("***", $"{fromEnv}");
            Assert.DoesNotContain(Secret, new DescribeOptions { ApiKey = fromFile }.ToString(), StringComparison.Ordinal);
            Assert.Null(ApiKey.Resolve(variable + "_UNSET", null));
            var missing = Assert.Throws<MeijuDataException>(() => ApiKey.Resolve(null, file + ".missing"));
            Assert.Contains(".missing", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            File.Delete(file);
        }
    }
}
