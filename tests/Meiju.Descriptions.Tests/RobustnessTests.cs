using System.Net;
using System.Net.Sockets;

namespace Meiju.Descriptions.Tests;

public sealed class RobustnessTests
{
    [Theory]
    [InlineData(429, "0")]
    [InlineData(503, null)]
    [InlineData(500, null)]
    public async Task A_transient_error_then_200_is_retried(int status, string? retryAfter)
    {
        using var media = new TestMedia();
        media.Add("utt01");
        await using var vlm = await FakeChatServer.StartAsync(r => r.Number == 1 ? new Reply.Status(status, RetryAfter: retryAfter) : new Reply.Answer("fine"));

        var summary = await Harness.RunAsync(media, vlm, null, prompts: Harness.VisionOnly, ct: Harness.Deadline());

        Assert.Equal((1, 0), (summary.Done, summary.Failed));
        Assert.Equal(2, vlm.Count);
        using var store = DescriptionStore.Open(media.StorePath);
        var row = Assert.Single(store.All());
        Assert.Equal(DescriptionStatus.Ok, row.Status);
        Assert.Equal("fine", row.Answer);
        Assert.Equal(2, row.Attempts);
    }

    [Fact]
    public async Task Client_errors_are_not_retried_and_persistent_5xx_gives_up_after_max_attempts()
    {
        using var media = new TestMedia();
        media.Add("utt01");
        await using var vlm = await FakeChatServer.StartAsync(_ => new Reply.Status(400, "{\"error\":{\"message\":\"bad image\"}}"));
        await using var alm = await FakeChatServer.StartAsync(_ => new Reply.Status(502, "upstream down"));

        var summary = await Harness.RunAsync(media, vlm, alm, Harness.Fast(attempts: 3), ct: Harness.Deadline());

        Assert.Equal(3, summary.Failed);
        Assert.Equal(1, vlm.Count);
        Assert.Equal(6, alm.Count);
        var vision = summary.Failures.Single(f => f.Key.Stream == "visual_description");
        Assert.Contains("HTTP 400", vision.Error, StringComparison.Ordinal);
        Assert.Contains("bad image", vision.Error, StringComparison.Ordinal);
        Assert.All(summary.Failures.Where(f => f.Key.Stream != "visual_description"), f =>
        {
            Assert.Equal(3, f.Attempts);
            Assert.Contains("HTTP 502", f.Error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_hung_server_times_out_and_only_that_item_fails()
    {
        using var media = new TestMedia();
        media.AddMany(3);
        await using var vlm = await FakeChatServer.StartAsync(r => r.Number == 1 ? new Reply.Hang() : new Reply.Answer("ok"));

        var summary = await Harness.RunAsync(media, vlm, null, Harness.Fast(attempts: 1, timeoutSeconds: 5), Harness.VisionOnly, Harness.Deadline(60));

        Assert.Equal((2, 1), (summary.Done, summary.Failed));
        var failed = Assert.Single(summary.Failures);
        Assert.Contains("timed out", failed.Error, StringComparison.Ordinal);
        using var store = DescriptionStore.Open(media.StorePath);
        Assert.Equal(2, store.ReadStream("visual_description").Count);
        Assert.Equal(failed.Key, Assert.Single(store.Failures()).Key);
    }

    [Fact]
    public async Task Failed_items_are_asked_again_by_the_next_run()
    {
        using var media = new TestMedia();
        media.AddMany(2);
        var healthy = false;
        await using var vlm = await FakeChatServer.StartAsync(_ => Volatile.Read(ref healthy) ? new Reply.Answer("ok") : new Reply.Status(503));

        var first = await Harness.RunAsync(media, vlm, null, Harness.Fast(attempts: 1), Harness.VisionOnly, Harness.Deadline());
        Volatile.Write(ref healthy, true);
        var second = await Harness.RunAsync(media, vlm, null, Harness.Fast(attempts: 1), Harness.VisionOnly, Harness.Deadline());

        Assert.Equal(2, first.Failed);
        Assert.Equal((2, 0, 0), (second.Done, second.Cached, second.Failed));
        using var store = DescriptionStore.Open(media.StorePath);
        Assert.Empty(store.Failures());
    }

    [Fact]
    public async Task Unreachable_endpoint_is_a_clear_per_item_error()
    {
        using var media = new TestMedia();
        media.Add("utt01");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var store = DescriptionStore.Open(media.StorePath);
        using var describer = new Describer(store, new FfmpegDescriptionMediaSource(), Harness.VisionOnly,
            new DescriptionServer("m", [new Uri($"http://127.0.0.1:{port}/v1")]), null, Harness.Fast(attempts: 2));

        var summary = await describer.RunAsync(Describer.FindMedia(media.Videos), null, Harness.Deadline());

        var failure = Assert.Single(summary.Failures);
        Assert.Contains("cannot reach the endpoint", failure.Error, StringComparison.Ordinal);
        Assert.Equal(2, failure.Attempts);
        Assert.Equal($"http://127.0.0.1:{port}/v1", failure.Endpoint);
    }

    [Fact]
    public async Task Non_json_answer_is_a_clear_per_item_error()
    {
        using var media = new TestMedia();
        media.Add("utt01");
        await using var vlm = await FakeChatServer.StartAsync(_ => new Reply.Raw("text/html", "<html><body>502 proxy says hi</body></html>"));

        var summary = await Harness.RunAsync(media, vlm, null, prompts: Harness.VisionOnly, ct: Harness.Deadline());

        var failure = Assert.Single(summary.Failures);
        Assert.Contains("not chat-completions JSON", failure.Error, StringComparison.Ordinal);
        Assert.Equal(1, vlm.Count);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1, 2]")]
    [InlineData("{\"choices\": []}")]
    [InlineData("{\"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": null}}]}")]
    public async Task Json_that_is_not_a_completion_fails_the_item_not_the_run(string body)
    {
        using var media = new TestMedia();
        media.AddMany(2);
        await using var vlm = await FakeChatServer.StartAsync(r => r.Number == 1 ? new Reply.Raw("application/json", body) : new Reply.Answer("fine"));

        var summary = await Harness.RunAsync(media, vlm, null, Harness.Fast(concurrency: 1), Harness.VisionOnly, Harness.Deadline());

        Assert.Equal((1, 1), (summary.Done, summary.Failed));
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(summary.Failures).Error));
    }

    [Fact]
    public async Task Answer_over_the_size_limit_is_a_clear_per_item_error()
    {
        using var media = new TestMedia();
        media.AddMany(2);
        await using var vlm = await FakeChatServer.StartAsync(r => new Reply.Answer(r.Number == 1 ? new string('x', 500) : "short"));
        var options = Harness.Fast() with { MaxAnswerChars = 100 };

        var summary = await Harness.RunAsync(media, vlm, null, options, Harness.VisionOnly, Harness.Deadline());

        Assert.Equal((1, 1), (summary.Done, summary.Failed));
        Assert.Contains("over the size limit (500 characters > 100)", Assert.Single(summary.Failures).Error, StringComparison.Ordinal);
        using var store = DescriptionStore.Open(media.StorePath);
        Assert.DoesNotContain(store.All(), r => r.Answer is { Length: > 100 });
    }

    [Fact]
    public async Task Utterance_without_audio_track_fails_its_audio_prompts_only()
    {
        using var media = new TestMedia();
        media.Add("silent", "video-only");
        media.Add("talking");
        await using var vlm = await FakeChatServer.StartAsync();
        await using var alm = await FakeChatServer.StartAsync();

        var summary = await Harness.RunAsync(media, vlm, alm, ct: Harness.Deadline());

        Assert.Equal((4, 2), (summary.Done, summary.Failed));
        Assert.All(summary.Failures, f =>
        {
            Assert.Equal("silent", f.Key.Utterance);
            Assert.Contains("no audio track", f.Error, StringComparison.Ordinal);
            Assert.Equal(0, f.Attempts);
        });
        Assert.Equal(2, alm.Count);
        Assert.Equal(2, vlm.Count);
    }

    [Fact]
    public async Task Undecodable_file_fails_every_prompt_naming_the_file()
    {
        using var media = new TestMedia();
        File.WriteAllText(Path.Combine(media.Videos, "broken.mp4"), "this is not a video");
        await using var vlm = await FakeChatServer.StartAsync();
        await using var alm = await FakeChatServer.StartAsync();

        var summary = await Harness.RunAsync(media, vlm, alm, ct: Harness.Deadline());

        Assert.Equal(3, summary.Failed);
        Assert.All(summary.Failures, f => Assert.Contains("broken.mp4", f.Error, StringComparison.Ordinal));
        Assert.Equal(0, vlm.Count + alm.Count);
    }

    [Fact]
    public void Backoff_grows_with_jitter_is_seeded_and_honours_retry_after()
    {
        var options = new DescribeOptions
        {
            BaseRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(1000),
            MaxRetryAfter = TimeSpan.FromSeconds(5),
            Seed = 7,
        };
        var a = new ModelRequester(options);
        var b = new ModelRequester(options);

        var delaysA = Enumerable.Range(1, 6).Select(n => a.NextDelay(n, null)).ToList();
        var delaysB = Enumerable.Range(1, 6).Select(n => b.NextDelay(n, null)).ToList();

        Assert.Equal(delaysA, delaysB);
        for (var n = 1; n <= 6; n++)
        {
            var cap = Math.Min(1000, 100 * Math.Pow(2, n - 1));
            Assert.InRange(delaysA[n - 1].TotalMilliseconds, cap / 2, cap);
        }

        Assert.Equal(TimeSpan.FromSeconds(3), a.NextDelay(1, TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(5), a.NextDelay(1, TimeSpan.FromSeconds(600)));
        Assert.NotEqual(new ModelRequester(options with { Seed = 8 }).NextDelay(3, null), new ModelRequester(options).NextDelay(3, null));
    }

    [Fact]
    public void Endpoint_pool_picks_the_least_busy_then_round_robin()
    {
        var server = new DescriptionServer("m", [new Uri("http://127.0.0.1:1/v1"), new Uri("http://127.0.0.1:2/v1")]);
        using var pool = new EndpointPool(server, new DescribeOptions());

        using var first = pool.Acquire();
        using var second = pool.Acquire();
        Assert.NotEqual(first.Endpoint, second.Endpoint);
        var third = pool.Acquire();
        Assert.Equal(first.Endpoint, third.Endpoint);
        third.Dispose();
        second.Dispose();
        using var fourth = pool.Acquire();
        Assert.Equal(second.Endpoint, fourth.Endpoint);
    }
}
