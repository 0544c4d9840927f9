using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Meiju.Web.Tests;

/// <summary>Clients that misbehave: slow senders, broken framing, odd paths and names, a port already taken.</summary>
public class HostileClientTests
{
    [Fact]
    public async Task Slow_uploads_do_not_lock_out_analyses_of_samples()
    {
        var fake = new FakeClipAnalyzer();
        await using var h = await ServerHarness.StartAsync(fake, maxPending: 4, maxUploads: 4,
            fillSamples: dir => File.WriteAllBytes(Path.Combine(dir, "Clip_A.flv"), TestClips.FlvLike(300)));
        using var stop = new CancellationTokenSource();
        var slow = Enumerable.Range(0, 4).Select(_ => SlowUploadAsync(h.Server.Url, stop.Token)).ToList();
        await Task.Delay(1000);

        var sample = await h.Client.PostAsync("/api/samples/clip_a/analyze", null);
        var fifth = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(500), "fifth.flv"));

        Assert.Equal(HttpStatusCode.OK, sample.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fifth.StatusCode);
        Assert.Contains("uploads are already in progress", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await stop.CancelAsync();
        await Task.WhenAll(slow.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    [Fact]
    public async Task An_upload_slower_than_the_timeout_is_a_408_and_frees_its_slot()
    {
        var fake = new FakeClipAnalyzer();
        await using var h = await ServerHarness.StartAsync(fake, maxUploads: 1, uploadTimeout: TimeSpan.FromSeconds(1));

        var status = await SlowUploadAsync(h.Server.Url, CancellationToken.None);
        var next = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(500), "next.flv"));

        Assert.Equal(408, status);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_boundary_that_is_not_in_the_body_is_a_400_not_a_413()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer());
        var body = Encoding.ASCII.GetBytes("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.flv\"\r\n\r\n")
            .Concat(TestClips.FlvLike(20_000)).Concat(Encoding.ASCII.GetBytes("\r\n--XYZ--\r\n")).ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=ABC");

        var response = await h.Client.PostAsync("/api/analyze", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("boundary 'ABC'", (await ServerHarness.JsonAsync(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_in_the_path_is_a_400_with_a_json_reason()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer());

        var response = await h.Client.PostAsync("/api/samples/%00/analyze", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await ServerHarness.JsonAsync(response);
        Assert.Contains("NUL character", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/api/info")).StatusCode);
    }

    [Fact]
    public async Task Bidi_and_zero_width_characters_are_dropped_from_displayed_names()
    {
        await using var h = await ServerHarness.StartAsync(new FakeClipAnalyzer());

        var response = await h.Client.PostAsync("/api/analyze", ServerHarness.Form(TestClips.FlvLike(600), "clip\u202Evlf.exe\u200B.flv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("clipvlf.exe.flv", (await ServerHarness.JsonAsync(response)).GetProperty("clip").GetString());
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error_and_leaves_no_temp_folder()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var before = Directory.GetDirectories(Path.GetTempPath(), "meiju-serve-*").Length;

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => MeijuWebServer.StartAsync(new ServeOptions { Port = port }, new FakeClipAnalyzer()));

        Assert.Contains($"--port {port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "meiju-serve-*").Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4097)]
    public void An_upload_limit_out_of_range_is_refused(long megabytes)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ServeOptions { MaxUploadBytes = megabytes << 20 }.Validate());
        Assert.Contains("--max-upload-mb must be between 1 and 2048", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends a multipart upload at about 300 bytes a second until cancelled; returns the status, or 0.</summary>
    private static async Task<int> SlowUploadAsync(Uri server, CancellationToken cancel)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel);
        var stream = client.GetStream();
        var head = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.flv\"\r\n\r\n";
        var request = $"POST /api/analyze HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 1000000\r\n\r\n{head}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancel);
        var reply = new byte[4096];
        var read = stream.ReadAsync(reply, cancel).AsTask();
        try
        {
            var chunk = TestClips.FlvLike(30);
            while (!read.IsCompleted)
            {
                await stream.WriteAsync(chunk, cancel);
                await Task.WhenAny(read, Task.Delay(100, cancel));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            return 0;
        }

        var n = await read;
        var status = Encoding.ASCII.GetString(reply, 0, n).Split(' ');
        return status.Length > 1 && int.TryParse(status[1], out var code) ? code : 0;
    }
}
