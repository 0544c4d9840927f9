using System.Buffers.Binary;

namespace Meiju.Descriptions.Tests;

public sealed class DescriberTests
{
    [Fact]
    public async Task Requests_carry_prompts_images_and_audio_in_the_protocol_format()
    {
        using var media = new TestMedia();
        media.AddMany(2);
        await using var vlm = await FakeChatServer.StartAsync();
        await using var alm = await FakeChatServer.StartAsync();

        var summary = await Harness.RunAsync(media, vlm, alm, ct: Harness.Deadline());

        Assert.Equal(6, summary.Done);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(2, vlm.Count);
        Assert.Equal(4, alm.Count);
        foreach (var r in vlm.Requests)
        {
            Assert.Equal("/v1/chat/completions", r.Path);
            Assert.Equal(Harness.VisionModel, r.Model);
            Assert.Equal(PromptSet.Default.Prompts[0].Text, r.Prompt);
            Assert.Equal(4, r.ImageUrls.Count);
            Assert.Empty(r.Audio);
            foreach (var url in r.ImageUrls)
            {
                Assert.StartsWith("data:image/png;base64,", url, StringComparison.Ordinal);
                var png = Convert.FromBase64String(url["data:image/png;base64,".Length..]);
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
                Assert.Equal(96, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
                Assert.Equal(64, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            }
        }

        var audioPrompts = PromptSet.Default.Prompts.Where(p => p.Modality == DescriptionModality.Audio).Select(p => p.Text).ToHashSet();
        Assert.Equal(audioPrompts, alm.Requests.Select(r => r.Prompt).ToHashSet());
        foreach (var r in alm.Requests)
        {
            Assert.Equal(Harness.AudioModel, r.Model);
            Assert.Empty(r.ImageUrls);
            var (data, format) = Assert.Single(r.Audio);
            Assert.Equal("wav", format);
            var wav = Convert.FromBase64String(data);
            Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
            Assert.Equal("WAVE"u8.ToArray(), wav[8..12]);
            Assert.Equal(16_000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
            var seconds = (wav.Length - 44) / 2 / 16_000.0;
            Assert.InRange(seconds, 0.9, 1.1);
        }

        // The generation settings travel too (the OpenAI client names the token limit max_completion_tokens).
        var body = vlm.Requests.First().Body;
        Assert.True(body.TryGetProperty("max_completion_tokens", out var maxTokens) || body.TryGetProperty("max_tokens", out maxTokens));
        Assert.Equal(512, maxTokens.GetInt32());
        Assert.Equal(0, body.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Answers_land_in_the_store_as_named_streams_and_a_second_run_sends_nothing()
    {
        using var media = new TestMedia();
        media.AddMany(3);
        await using var vlm = await FakeChatServer.StartAsync();
        await using var alm = await FakeChatServer.StartAsync();

        var first = await Harness.RunAsync(media, vlm, alm, ct: Harness.Deadline());
        var sentFirst = vlm.Count + alm.Count;
        var second = await Harness.RunAsync(media, vlm, alm, ct: Harness.Deadline());

        Assert.Equal((9, 0, 0), (first.Done, first.Cached, first.Failed));
        Assert.Equal((0, 9, 0), (second.Done, second.Cached, second.Failed));
        Assert.Equal(9, sentFirst);
        Assert.Equal(sentFirst, vlm.Count + alm.Count);

        using var store = DescriptionStore.Open(media.StorePath);
        Assert.Equal(["audio_description", "audio_intent", "visual_description"], store.Streams());
        foreach (var prompt in PromptSet.Default.Prompts)
        {
            var stream = store.ReadStream(prompt.Stream);
            Assert.Equal(["utt01", "utt02", "utt03"], stream.Keys.Order());
            var images = prompt.Modality == DescriptionModality.Vision ? 4 : 0;
            var audio = prompt.Modality == DescriptionModality.Audio ? 1 : 0;
            Assert.All(stream.Values, v => Assert.Equal($"about: {prompt.Text} [images={images}, audio={audio}]", v));
        }

        var texts = store.TextsFor("utt02");
        Assert.Equal(3, texts.Count);
        Assert.Contains("facial expression", texts["visual_description"], StringComparison.Ordinal);
        Assert.Empty(store.ReadStream("visual_description", model: "some/other-model"));
        Assert.Equal(3, store.ReadStream("visual_description", model: Harness.VisionModel).Count);
    }

    [Fact]
    public async Task Changing_the_model_or_the_media_asks_again()
    {
        using var media = new TestMedia();
        var clip = media.Add("utt01");
        await using var vlm = await FakeChatServer.StartAsync();

        await Harness.RunAsync(media, vlm, null, prompts: Harness.VisionOnly, ct: Harness.Deadline());
        File.Copy(TestMedia.CachedClip("large"), clip, overwrite: true);
        var afterMediaChange = await Harness.RunAsync(media, vlm, null, prompts: Harness.VisionOnly, ct: Harness.Deadline());

        Assert.Equal(1, afterMediaChange.Done);
        Assert.Equal(2, vlm.Count);
        using var store = DescriptionStore.Open(media.StorePath);
        Assert.Equal(2, store.All().Count);
        Assert.Single(store.ReadStream("visual_description"));
    }

    [Fact]
    public async Task Custom_prompt_sets_from_json_become_their_own_streams()
    {
        using var media = new TestMedia();
        media.AddMany(2);
        var json = Path.Combine(media.Root, "prompts.json");
        File.WriteAllText(json, """
            { "name": "short", "prompts": [
                { "stream": "speaker_mood", "modality": "vision", "text": "What mood is the speaker in? One word." },
                { "stream": "spoken_words", "modality": "audio", "text": "Transcribe the speech." } ] }
            """);
        await using var vlm = await FakeChatServer.StartAsync();
        await using var alm = await FakeChatServer.StartAsync();

        var summary = await Harness.RunAsync(media, vlm, alm, prompts: PromptSet.Load(json), ct: Harness.Deadline());

        Assert.Equal(4, summary.Done);
        using var store = DescriptionStore.Open(media.StorePath);
        Assert.Equal(["speaker_mood", "spoken_words"], store.Streams());
        Assert.All(alm.Requests, r => Assert.Equal("Transcribe the speech.", r.Prompt));
    }

    [Fact]
    public async Task Only_prompts_with_a_server_are_asked()
    {
        using var media = new TestMedia();
        media.AddMany(2);
        await using var alm = await FakeChatServer.StartAsync();
        using var store = DescriptionStore.Open(media.StorePath);
        using var describer = Harness.Describer(store, null, alm);

        var summary = await describer.RunAsync(Describer.FindMedia(media.Videos), null, Harness.Deadline());

        Assert.Equal(2, describer.ActivePrompts.Count);
        Assert.Equal(4, summary.Done);
        Assert.Throws<ArgumentException>(() => Harness.Describer(store, null, alm, prompts: Harness.VisionOnly));
    }

    [Fact]
    public async Task Several_endpoints_share_the_work()
    {
        using var media = new TestMedia();
        media.AddMany(4);
        await using var a = await FakeChatServer.StartAsync(r => new Reply.Answer("a", DelayMs: 300));
        await using var b = await FakeChatServer.StartAsync(r => new Reply.Answer("b", DelayMs: 300));
        using var store = DescriptionStore.Open(media.StorePath);
        using var describer = new Describer(store, new FfmpegDescriptionMediaSource(), Harness.VisionOnly,
            new DescriptionServer(Harness.VisionModel, [a.BaseUrl, b.BaseUrl]), null, Harness.Fast(concurrency: 4));

        var summary = await describer.RunAsync(Describer.FindMedia(media.Videos), null, Harness.Deadline());

        Assert.Equal(4, summary.Done);
        Assert.Equal(4, a.Count + b.Count);
        Assert.InRange(a.Count, 1, 3);
        Assert.InRange(b.Count, 1, 3);
        Assert.Equal(["a", "b"], store.ReadStream("visual_description").Values.Distinct().Order());
    }

    [Fact]
    public async Task Progress_counts_reach_the_total()
    {
        using var media = new TestMedia();
        media.AddMany(2);
        await using var vlm = await FakeChatServer.StartAsync();
        await using var alm = await FakeChatServer.StartAsync();
        var reports = new List<DescribeProgress>();
        using var store = DescriptionStore.Open(media.StorePath);
        using var describer = Harness.Describer(store, vlm, alm);

        await describer.RunAsync(Describer.FindMedia(media.Videos), new InlineProgress(p => { lock (reports) { reports.Add(p); } }), Harness.Deadline());

        Assert.Equal(6, reports[^1].Total);
        Assert.Equal(6, reports[^1].Finished);
        Assert.Equal(Enumerable.Range(0, 7), reports.Select(r => r.Finished));
    }

    [Fact]
    public async Task Duplicate_utterance_names_are_rejected()
    {
        using var media = new TestMedia();
        var a = media.Add("same");
        var b = Path.Combine(media.Videos, "same.mkv");
        File.Copy(a, b);
        using var store = DescriptionStore.Open(media.StorePath);
        using var describer = new Describer(store, new FfmpegDescriptionMediaSource(), Harness.VisionOnly,
            new DescriptionServer("m", [new Uri("http://127.0.0.1:9/v1")]), null, Harness.Fast());

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => describer.RunAsync([a, b]));
        Assert.Contains("same", ex.Message, StringComparison.Ordinal);
    }

    internal sealed class InlineProgress(Action<DescribeProgress> apply) : IProgress<DescribeProgress>
    {
        public void Report(DescribeProgress value) => apply(value);
    }
}
