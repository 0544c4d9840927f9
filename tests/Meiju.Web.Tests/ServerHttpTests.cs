using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Meiju.Web.Tests;

public partial class ServerHttpTests
{
    [Fact]
    public async Task Serves_the_embedded_page_with_a_strict_content_policy()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer());

        var page = await h.Client.GetAsync("/");
        var script = await h.Client.GetAsync("/assets/app.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"contrib-chart\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("127.0.0.1", h.Server.Url.Host);
        Assert.NotEqual(0, h.Server.Url.Port);
    }

    [Theory]
    [InlineData("/assets/..%2F..%2FMeiju.Web.dll")]
    [InlineData("/assets/..%2Fappsettings.json")]
    [InlineData("/assets/%2Fetc%2Fpasswd")]
    [InlineData("/etc/passwd")]
    public async Task Serves_no_file_that_is_not_embedded(string url)
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer());

        var response = await h.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await ServerHarness.JsonAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Info_tells_the_page_the_upload_limit_and_the_samples()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer(), maxUploadBytes: 12345, fillSamples: dir =>
            File.WriteAllBytes(Path.Combine(dir, "a.flv"), TestClips.FlvLike(50)));

        var info = await ServerHarness.JsonAsync(await h.Client.GetAsync("/api/info"));

        Assert.Equal(12345, info.GetProperty("maxUploadBytes").GetInt64());
        var sample = Assert.Single(info.GetProperty("samples").EnumerateArray());
        Assert.Equal("a", sample.GetProperty("id").GetString());
        Assert.False(sample.TryGetProperty("path", out _));
    }

    [Fact]
    public async Task An_upload_is_analysed_under_a_server_chosen_name_and_deleted_afterwards()
    {
        var fake = new FakeClipAnalyzer();
        await using var h = await ServerHarness.StartAsync(fake);
        var bytes = TestClips.FlvLike(5000);

        var response = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(bytes, "../../evil name.mp4", "hello there"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var json = await ServerHarness.JsonAsync(response);
        var expected = FakeClipAnalyzer.Expected(bytes, "ignored", "hello there");
        Assert.Equal("evil name.mp4", json.GetProperty("clip").GetString());
        Assert.Equal(expected.TopEmotion.Label, json.GetProperty("topEmotion").GetProperty("label").GetString());
        Assert.Equal(expected.Intent.Select(c => c.Probability), json.GetProperty("intent").EnumerateArray().Select(c => c.GetProperty("probability").GetDouble()));
        Assert.Equal("hello there", json.GetProperty("text").GetString());
        Assert.Equal(expected.FacePngs.Count, json.GetProperty("facePngs").GetArrayLength());
        Assert.Equal(expected.FacePngs[0], json.GetProperty("facePngs")[0].GetBytesFromBase64());

        // The analyzer saw only a server-named file in the server's folder; the content decided the extension.
        var seen = Assert.Single(fake.Seen);
        Assert.Equal(Path.GetFullPath(h.TempDirectory), Path.GetDirectoryName(seen));
        Assert.Matches(UploadName(), Path.GetFileName(seen));
        Assert.False(File.Exists(seen));
        Assert.Empty(Directory.GetFiles(h.TempDirectory));
    }

    [Fact]
    public async Task An_empty_body_is_a_400()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer());

        var response = await h.Client.PostAsync("/api/analyze", new ByteArrayContent([]));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "empty");
    }

    [Fact]
    public async Task A_zero_byte_file_is_a_400_naming_it()
    {
        var fake = new FakeClipAnalyzer();
        await using var h = await ServerHarness.StartAsync(fake);

        var response = await h.Client.PostAsync("/api/analyze", ServerHarness.Form([], "empty.mp4"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "empty.mp4: the file is empty (0 bytes)");
        Assert.Empty(fake.Seen);
        Assert.Empty(Directory.GetFiles(h.TempDirectory));
    }

    [Fact]
    public async Task A_form_without_a_file_is_a_400()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer());
        using var form = new MultipartFormDataContent { { new StringContent("hi"), "transcript" } };

        var response = await h.Client.PostAsync("/api/analyze", form);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "no file");
    }

    [Fact]
    public async Task A_raw_body_is_a_400_that_says_how_to_send()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer());

        var response = await h.Client.PostAsync("/api/analyze", new ByteArrayContent(TestClips.FlvLike(100)));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "multipart/form-data");
    }

    [Theory]
    [InlineData(64 * 1024 + 1)] // the file alone is over the limit, the request is within the Kestrel allowance
    [InlineData(3 * 64 * 1024)] // the request is over the Kestrel limit as a whole
    public async Task A_file_over_the_limit_is_a_413(int size)
    {
        var fake = new FakeClipAnalyzer();
        await using var h = await ServerHarness.StartAsync(fake, maxUploadBytes: 64 * 1024);

        var response = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(size), "big.flv"));

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "too large; this server accepts uploads up to 64 KB");
        Assert.Empty(fake.Seen);
        Assert.Empty(Directory.GetFiles(h.TempDirectory));
    }

    [Fact]
    public async Task A_chunked_upload_over_the_limit_is_a_413()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer(), maxUploadBytes: 64 * 1024);
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(new MemoryStream(TestClips.FlvLike(100 * 1024))), "file", "stream.flv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/analyze") { Content = form };
        request.Headers.TransferEncodingChunked = true;

        var response = await h.Client.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "too large");
    }

    [Fact]
    public async Task A_file_exactly_at_the_limit_is_accepted()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer(), maxUploadBytes: 64 * 1024);

        var response = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(64 * 1024), "edge.flv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_non_video_is_a_415_whatever_its_name_says()
    {
        var fake = new FakeClipAnalyzer();
        await using var h = await ServerHarness.StartAsync(fake);
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("this is a text file pretending to be a video\n", 50)));

        var response = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(text, "holiday.mp4"));

        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "holiday.mp4: not a video or audio file");
        Assert.Empty(fake.Seen);
        Assert.Empty(Directory.GetFiles(h.TempDirectory));
    }

    [Fact]
    public async Task Unreadable_media_is_a_422_with_the_analyzers_message_naming_the_upload_not_the_server_path()
    {
        var fake = new FakeClipAnalyzer { FailWith = "clip is 7200.0 s long; the limit is 60 s" };
        await using var h = await ServerHarness.StartAsync(fake);

        var response = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.Mp4Like(300), "two-hours.mp4"));

        await AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "two-hours.mp4: clip is 7200.0 s long; the limit is 60 s");
        var error = (await ServerHarness.JsonAsync(response)).GetProperty("error").GetString()!;
        Assert.DoesNotContain(h.TempDirectory, error, StringComparison.Ordinal);
        Assert.DoesNotContain("upload-", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(h.TempDirectory));
    }

    [Fact]
    public async Task An_analysis_that_cannot_be_serialised_is_a_json_500()
    {
        await using var h = await ServerHarness.StartAsync(new EmptyAnalyzer());

        var response = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(100), "odd.flv"));

        await AssertErrorAsync(response, HttpStatusCode.InternalServerError, "analysis failed");
        Assert.Empty(Directory.GetFiles(h.TempDirectory));
    }

    [Fact]
    public async Task A_sample_is_analysed_by_id_with_its_transcript()
    {
        var fake = new FakeClipAnalyzer();
        var bytes = TestClips.FlvLike(777);
        await using var h = await ServerHarness.StartAsync(fake, fillSamples: dir =>
        {
            File.WriteAllBytes(Path.Combine(dir, "Clip_A.flv"), bytes);
            File.WriteAllText(Path.Combine(dir, "transcripts.csv"), "FileName,sentence\nClip_A,Don't forget a jacket.\n");
        });

        var response = await h.Client.PostAsync("/api/samples/clip_a/analyze", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHarness.JsonAsync(response);
        var expected = FakeClipAnalyzer.Expected(bytes, "Clip_A.flv", "Don't forget a jacket.");
        Assert.Equal("Clip_A.flv", json.GetProperty("clip").GetString());
        Assert.Equal("Don't forget a jacket.", json.GetProperty("text").GetString());
        Assert.Equal(expected.Emotion.Select(c => c.Label), json.GetProperty("emotion").EnumerateArray().Select(c => c.GetProperty("label").GetString()));
        Assert.True(File.Exists(Assert.Single(fake.Seen)), "a sample is never deleted after analysis");
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("..%5C..%5Cwindows")]
    [InlineData("clip_a.flv")]
    [InlineData("Clip_A")]
    public async Task An_unknown_or_path_like_sample_id_is_a_404_and_reaches_no_file(string id)
    {
        var fake = new FakeClipAnalyzer();
        await using var h = await ServerHarness.StartAsync(fake, fillSamples: dir => File.WriteAllBytes(Path.Combine(dir, "Clip_A.flv"), TestClips.FlvLike(50)));

        var response = await h.Client.PostAsync($"/api/samples/{id}/analyze", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await ServerHarness.JsonAsync(response)).GetProperty("status").GetInt32());
        Assert.Empty(fake.Seen);
    }

    [Fact]
    public async Task Analyses_run_one_at_a_time()
    {
        var fake = new FakeClipAnalyzer { Delay = TimeSpan.FromMilliseconds(300) };
        await using var h = await ServerHarness.StartAsync(fake);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(1000 + i), $"clip{i}.flv"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(3, fake.Seen.Count);
        Assert.Equal(1, fake.MaxConcurrent);
    }

    [Fact]
    public async Task Requests_beyond_the_pending_limit_get_a_503_and_the_server_recovers()
    {
        var fake = new FakeClipAnalyzer { Delay = TimeSpan.FromSeconds(2) };
        await using var h = await ServerHarness.StartAsync(fake, maxPending: 1);

        var first = h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(1000), "first.flv"));
        while (fake.Seen.Count == 0)
        {
            await Task.Delay(20);
        }

        var second = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(1001), "second.flv"));
        await AssertErrorAsync(second, HttpStatusCode.ServiceUnavailable, "busy");
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(1002), "third.flv"))).StatusCode);
        Assert.Equal(2, fake.Seen.Count);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("")]
    public async Task A_host_that_is_not_an_ip_address_is_refused(string host)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => MeijuWebServer.StartAsync(new ServeOptions { Host = host, Port = 0 }, new FakeClipAnalyzer()));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(70000, 1)]
    [InlineData(0, 0)]
    public void Out_of_range_options_are_refused(int port, long maxBytes)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ServeOptions { Port = port, MaxUploadBytes = maxBytes }.Validate());
        Assert.StartsWith("--", ex.Message, StringComparison.Ordinal);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string messagePart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await ServerHarness.JsonAsync(response);
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Contains(messagePart, json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("^upload-[0-9a-f]{32}\\.flv$")]
    private static partial Regex UploadName();

    /// <summary>Returns no classes at all, so <c>TopEmotion</c> cannot be computed.</summary>
    private sealed class EmptyAnalyzer : Meiju.Inference.IClipAnalyzer
    {
        public Meiju.Inference.ClipAnalysis Analyze(string path, string? transcript = null, CancellationToken cancel = default) =>
            new() { Clip = "x", Emotion = [], Intent = [], Contributions = [] };
    }
}
