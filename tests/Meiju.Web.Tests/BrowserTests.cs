using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Meiju.Inference;
using Xunit.Abstractions;

namespace Meiju.Web.Tests;

/// <summary>
/// Drives the page in headless Chromium (tests/Meiju.Web.Tests/e2e/serve.e2e.mjs) against an in-process server and
/// checks that what the page shows is what the API returned. MEIJU_SERVE_SCREENSHOT=docs/images/serve.png keeps
/// the screenshot of the result.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BrowserTests(ITestOutputHelper output)
{
    private const string Transcript = "Don't forget a jacket.";
    private const long Limit = 1024 * 1024;

    [BrowserFact]
    public async Task The_page_shows_what_the_fake_analyzer_returned_and_refuses_bad_uploads()
    {
        var result = await RunAsync(new FakeClipAnalyzer(decodeMedia: true), screenshot: null);

        // The fake's placeholder predictions are a function of the bytes: the API carried this clip's, not another's.
        var clip = SharedData.PathOf(TestClips.CremadClip);
        var expected = FakeClipAnalyzer.Expected(File.ReadAllBytes(clip), Path.GetFileName(clip), Transcript);
        var api = result.GetProperty("upload").GetProperty("api");
        Assert.Equal(expected.Emotion.Select(c => c.Label), api.GetProperty("emotion").EnumerateArray().Select(c => c.GetProperty("label").GetString()));
        Assert.Equal(expected.Intent.Select(c => c.Probability), api.GetProperty("intent").EnumerateArray().Select(c => c.GetProperty("probability").GetDouble()));

        // Real decoding gave faces and a waveform for this CREMA-D clip (a face on screen, a voice).
        Assert.NotEqual(0, api.GetProperty("facePngs").GetArrayLength());
        Assert.NotEqual(0, api.GetProperty("waveform").GetArrayLength());
    }

    [BrowserFact]
    public async Task The_page_shows_what_the_real_analyzer_returned()
    {
        if (DefaultAnalyzer.Factory is not { } factory || DefaultAnalyzer.FindModelDirectory() is not { } model)
        {
            output.WriteLine("skipped in effect: Meiju.Web.DefaultAnalyzer.Factory is not set yet or models/meiju-base is missing");
            return;
        }

        // The documentation's screenshot shows the shipped model's real prediction.
        await RunAsync(factory(model), Environment.GetEnvironmentVariable("MEIJU_SERVE_SCREENSHOT"));
    }

    private async Task<JsonElement> RunAsync(IClipAnalyzer analyzer, string? screenshot)
    {
        var clip = SharedData.PathOf(TestClips.CremadClip);
        await using var h = await ServerHarness.StartAsync(analyzer, Limit, fillSamples: dir =>
        {
            File.Copy(SharedData.PathOf("cremad-clips/video_flv/1001_DFA_NEU_XX.flv"), Path.Combine(dir, "1001_DFA_NEU_XX.flv"));
            File.WriteAllText(Path.Combine(dir, "transcripts.csv"), $"FileName,sentence\n1001_DFA_NEU_XX,{Transcript}\n");
        });
        var work = Directory.CreateTempSubdirectory("meiju-e2e-").FullName;
        try
        {
            var outFile = Path.Combine(work, "result.json");
            var shot = screenshot is null ? Path.Combine(work, "serve.png") : Path.GetFullPath(screenshot, SharedData.RepoRoot);
            var started = Stopwatch.StartNew();
            var (code, log) = await RunNodeAsync(
                "serve.e2e.mjs", "--url", h.Server.Url.ToString(), "--clip", clip, "--out", outFile,
                "--screenshot", shot, "--chromium", BrowserFactAttribute.Chromium!, "--transcript", Transcript);
            output.WriteLine($"node serve.e2e.mjs: exit {code} after {started.Elapsed.TotalSeconds:0.0} s\n{log}");
            Assert.True(code == 0, "the browser script failed:\n" + log);
            var result = JsonDocument.Parse(await File.ReadAllTextAsync(outFile)).RootElement.Clone();
            AssertPageMatchesApi(result);
            Assert.True(new FileInfo(shot).Length > 10_000, "the screenshot is missing or blank");
            Assert.Empty(Directory.GetFiles(h.TempDirectory));
            return result;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void AssertPageMatchesApi(JsonElement result)
    {
        // The browser logs every refused request; those two are the test's own bad uploads, anything else is a bug.
        var unexpected = result.GetProperty("consoleErrors").EnumerateArray().Select(e => e.GetString()!)
            .Where(e => !e.Contains("status of 413", StringComparison.Ordinal) && !e.Contains("status of 415", StringComparison.Ordinal))
            .ToList();
        Assert.True(unexpected.Count == 0, "browser console errors: " + string.Join(" | ", unexpected));
        Assert.Contains("up to 1.0 MB", result.GetProperty("limitHint").GetString(), StringComparison.Ordinal);

        var upload = result.GetProperty("upload");
        Assert.Equal(200, upload.GetProperty("status").GetInt32());
        var api = upload.GetProperty("api");
        var dom = upload.GetProperty("dom");
        Assert.True(dom.GetProperty("errorHidden").GetBoolean());
        Assert.Equal(api.GetProperty("clip").GetString(), dom.GetProperty("clip").GetString());
        Assert.Equal("1001_DFA_HAP_XX.flv", dom.GetProperty("clip").GetString());

        foreach (var head in new[] { "emotion", "intent" })
        {
            var classes = api.GetProperty(head).EnumerateArray().ToList();
            var shown = dom.GetProperty(head);
            Assert.Equal(classes[0].GetProperty("label").GetString(), shown.GetProperty("top").GetString());
            Assert.Equal(Percent(classes[0].GetProperty("probability").GetDouble()), shown.GetProperty("topProb").GetString());
            var rows = shown.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(classes.Count, rows.Count);
            for (var i = 0; i < classes.Count; i++)
            {
                var p = classes[i].GetProperty("probability").GetDouble();
                Assert.Equal(classes[i].GetProperty("label").GetString(), rows[i].GetProperty("label").GetString());
                Assert.Equal(Percent(p), rows[i].GetProperty("shown").GetString());
                // The bar is as long as the probability says (to a pixel).
                Assert.InRange(rows[i].GetProperty("fillWidth").GetDouble(), (p * rows[i].GetProperty("trackWidth").GetDouble()) - 1, (p * rows[i].GetProperty("trackWidth").GetDouble()) + 1);
            }
        }

        // One emotion and one intent bar per present modality, carrying the API's numbers; absent ones are labelled.
        var bars = dom.GetProperty("bars").EnumerateArray().ToList();
        var contributions = api.GetProperty("contributions").EnumerateArray().ToList();
        foreach (var c in contributions)
        {
            var modality = c.GetProperty("modality").GetString();
            var mine = bars.Where(b => b.GetProperty("modality").GetString() == modality).ToList();
            if (!c.GetProperty("present").GetBoolean())
            {
                Assert.Empty(mine);
                Assert.Contains(modality, dom.GetProperty("absent").EnumerateArray().Select(a => a.GetString()));
                continue;
            }

            Assert.Equal(c.GetProperty("emotionDelta").GetDouble(), mine.Single(b => b.GetProperty("kind").GetString() == "emotion").GetProperty("value").GetDouble(), 9);
            Assert.Equal(c.GetProperty("intentDelta").GetDouble(), mine.Single(b => b.GetProperty("kind").GetString() == "intent").GetProperty("value").GetDouble(), 9);
            Assert.All(mine, b => Assert.True(b.GetProperty("width").GetDouble() >= 1));
        }

        Assert.Equal(2 * contributions.Count(c => c.GetProperty("present").GetBoolean()), bars.Count);

        // Every face crop the API sent is on the page and decoded as an image.
        var faces = api.GetProperty("facePngs").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal(faces, dom.GetProperty("faceSources").EnumerateArray().Select(f => f.GetString()));
        Assert.All(dom.GetProperty("faces").EnumerateArray(), f => Assert.True(f.GetProperty("naturalWidth").GetInt32() > 0));

        var text = api.GetProperty("text").GetString();
        Assert.Equal(text is null ? "no text" : "“" + text + "”", dom.GetProperty("text").GetString());
        Assert.Equal(api.GetProperty("waveform").GetArrayLength(), dom.GetProperty("waveformBuckets").GetInt32());
        if (api.GetProperty("waveform").GetArrayLength() > 0)
        {
            Assert.True(dom.GetProperty("waveformPath").GetInt32() > 100);
        }

        Assert.Equal(api.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()), dom.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));

        // Too large: refused by the page before sending, and by the server for clients that skip the page.
        var tooLarge = result.GetProperty("tooLarge");
        Assert.False(tooLarge.GetProperty("sent").GetBoolean());
        Assert.Contains("huge.mp4: too large", tooLarge.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("up to 1.0 MB", tooLarge.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(413, result.GetProperty("tooLargeServer").GetProperty("status").GetInt32());
        Assert.Contains("too large", result.GetProperty("tooLargeServer").GetProperty("body").GetProperty("error").GetString(), StringComparison.Ordinal);

        // Not a video: the server's 415 message is what the page shows.
        var nonVideo = result.GetProperty("nonVideo");
        Assert.Equal(415, nonVideo.GetProperty("status").GetInt32());
        Assert.Equal(nonVideo.GetProperty("api").GetProperty("error").GetString(), nonVideo.GetProperty("message").GetString());
        Assert.StartsWith("holiday.mp4: not a video or audio file", nonVideo.GetProperty("message").GetString(), StringComparison.Ordinal);

        // The bundled sample is analysed by id and shown.
        var sample = result.GetProperty("sample");
        Assert.Equal(200, sample.GetProperty("status").GetInt32());
        Assert.Equal("1001_DFA_NEU_XX.flv", sample.GetProperty("dom").GetProperty("clip").GetString());
        Assert.Equal(sample.GetProperty("api").GetProperty("emotion")[0].GetProperty("label").GetString(), sample.GetProperty("dom").GetProperty("emotionTop").GetString());
        Assert.Equal("“" + Transcript + "”", sample.GetProperty("dom").GetProperty("text").GetString());
        Assert.True(sample.GetProperty("dom").GetProperty("errorHidden").GetBoolean());
    }

    private static string Percent(double p) => (100 * p).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static async Task<(int Code, string Log)> RunNodeAsync(params string[] args)
    {
        var start = new ProcessStartInfo(BrowserFactAttribute.Node!)
        {
            WorkingDirectory = BrowserFactAttribute.E2eFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 3 minutes\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
