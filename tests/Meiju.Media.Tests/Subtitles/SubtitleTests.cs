using System.Diagnostics;
using Meiju.Media.Decoding;
using Meiju.Media.Subtitles;
using Xunit.Abstractions;

namespace Meiju.Media.Tests;

public sealed class SubtitleTests : IClassFixture<TestMedia>
{
    private readonly TestMedia _media;
    private readonly ITestOutputHelper _output;

    public SubtitleTests(TestMedia media, ITestOutputHelper output)
    {
        _media = media;
        _output = output;
    }

    [Fact]
    public void Cer_is_edit_distance_over_reference_length()
    {
        Assert.Equal(0, TextDistance.CharacterErrorRate("hello world", "hello  world "));
        Assert.Equal(1.0 / 11, TextDistance.CharacterErrorRate("hello world", "hallo world"), 6);
        Assert.Equal(2.0 / 4, TextDistance.CharacterErrorRate("你好世界", "你们世"), 6);
        Assert.Equal(3, TextDistance.Levenshtein("kitten", "sitting"));
    }

    [Fact]
    public void Normalize_drops_spaces_tesseract_puts_between_chinese_characters()
    {
        Assert.Equal("我们去看电影吧", TextDistance.Normalize("我 们 去 看 电 影 吧"));
        Assert.Equal("Hi,你好!", TextDistance.Normalize("Hi，  你 好！"));
    }

    [Fact]
    public void Merge_keeps_one_reading_per_subtitle_in_order()
    {
        var lines = new[] { "Where are you going?", "Where are you goinq?", "Where are you going?", "- |", "", "I don't know.", "我 不 知 道" };
        Assert.Equal("Where are you going? I don't know.我不知道", SubtitleReader.Merge(lines));
    }

    [Theory]
    [InlineData("Where are you going tonight?", "eng")]
    [InlineData("我们明天一起去看电影吧", "chi_sim")]
    [InlineData("我们明天一起去看电影吧", "chi_sim+eng")]
    [InlineData("Where are you going tonight?", "chi_sim+eng")]
    public async Task Burned_in_subtitles_are_read_back(string text, string languages)
    {
        var video = RenderSubtitle(text, languages.Replace('+', '_'));
        var probe = await MediaProber.ProbeAsync(video);
        var frames = await VideoDecoder.ReadAllFramesAsync(probe, FrameSampling.Baseline);
        var reader = new SubtitleReader(new SubtitleOptions { Languages = languages });
        var watch = Stopwatch.StartNew();
        var line = await reader.ReadAsync(frames);
        var cer = TextDistance.CharacterErrorRate(text, line);
        _output.WriteLine($"CER {cer:F3} lang {languages} frames {frames.Count} ocr {watch.ElapsedMilliseconds} ms: '{text}' -> '{line}'");
        Assert.True(cer <= 0.2, $"CER {cer:F3}: '{text}' read as '{line}'");
    }

    /// <summary>
    /// The CER reported in docs/media.md: ten clips, each showing two subtitles one after the other (the reader
    /// must merge them into one line in order), at a smaller size than the other tests (22 px).
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Subtitle_cer_over_changing_sentences()
    {
        (string A, string B)[] english =
        [
            ("I can't believe you did that.", "We need to talk about it."),
            ("Are you coming with us tomorrow?", "Yes, of course I am."),
            ("Thank you so much for your help.", "It was nothing, really."),
            ("Why didn't you call me last night?", "My phone was dead."),
            ("Let's get something to eat.", "Good idea, I'm starving."),
        ];
        (string A, string B)[] chinese =
        [
            ("你怎么现在才回来", "我等了你一个晚上"),
            ("这件事情不是你想的那样", "你听我解释一下"),
            ("谢谢你一直陪着我", "我们永远是好朋友"),
            ("明天的会议几点开始", "上午九点在三楼"),
            ("你为什么不告诉我真相", "我怕你会难过"),
        ];
        foreach (var (set, lang) in new[] { (english, "eng"), (chinese, "chi_sim") })
        {
            var cers = new List<double>();
            for (var i = 0; i < set.Length; i++)
            {
                var (a, b) = set[i];
                var video = RenderSubtitle(a, $"{lang}{i}a", b, fontSize: 22);
                var probe = await MediaProber.ProbeAsync(video);
                var frames = await VideoDecoder.ReadAllFramesAsync(probe, FrameSampling.Baseline);
                var line = await new SubtitleReader(new SubtitleOptions()).ReadAsync(frames);
                var expected = TextDistance.Normalize(a + " " + b);
                cers.Add(TextDistance.CharacterErrorRate(expected, line));
                _output.WriteLine($"{lang} CER {cers[^1]:F3}: '{expected}' -> '{line}'");
            }

            _output.WriteLine($"{lang}: mean CER {cers.Average():F3} over {cers.Count} clips (default languages {new SubtitleOptions().Languages})");
            Assert.True(cers.Average() <= 0.15, $"{lang} mean CER {cers.Average():F3}");
        }
    }

    [Fact]
    public async Task Subtitle_ocr_in_the_loader_fills_texts()
    {
        var video = RenderSubtitle("Nice to meet you.", "loader");
        using var loader = new FfmpegMediaLoader(new MediaLoaderOptions
        {
            Audio = null,
            Faces = null,
            Subtitles = new SubtitleOptions { Languages = "eng" },
            Transcripts = name => name == "sub-loader" ? "from the csv" : null,
        });
        var media = await loader.LoadAsync(video);
        Assert.Equal("from the csv", media.Texts[FfmpegMediaLoader.TranscriptText]);
        Assert.True(TextDistance.CharacterErrorRate("Nice to meet you.", media.Texts[FfmpegMediaLoader.SubtitleText]) <= 0.2,
            media.Texts[FfmpegMediaLoader.SubtitleText]);
    }

    [Fact]
    public async Task Video_without_subtitles_reads_nothing()
    {
        var video = _media.VideoWithTone("plain.mp4");
        var probe = await MediaProber.ProbeAsync(video);
        var frames = await VideoDecoder.ReadAllFramesAsync(probe, FrameSampling.Baseline);
        var line = await new SubtitleReader(new SubtitleOptions { Languages = "eng" }).ReadAsync(frames);
        Assert.Equal("", line);
    }

    /// <summary>
    /// Burns <paramref name="text"/> into a real CREMA-D clip when the shared data is present (a face and a real
    /// background behind the band), else into a lavfi test pattern, with white Noto CJK text and a black outline.
    /// </summary>
    private string RenderSubtitle(string text, string tag, string? second = null, int fontSize = 26)
    {
        var textFile = _media.PathOf($"sub-{tag}.txt");
        File.WriteAllText(textFile, text);
        var secondFile = _media.PathOf($"sub-{tag}-2.txt");
        File.WriteAllText(secondFile, second ?? "");
        var font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
        var clip = SharedData.PathOf("cremad-clips/video_flv/1001_DFA_NEU_XX.flv");
        string[] input = File.Exists(clip)
            ? ["-i", clip]
            : ["-f", "lavfi", "-i", "testsrc2=size=480x360:rate=25:duration=2"];
        var style = $"fontfile={font}:fontcolor=white:fontsize={fontSize}:borderw=2:bordercolor=black:x=(w-text_w)/2:y=h-text_h-24";
        var draw = second is null
            ? $"drawtext={style}:textfile={textFile}"
            : $"drawtext={style}:textfile={textFile}:enable='lt(t,1)',drawtext={style}:textfile={secondFile}:enable='gte(t,1)'";
        return _media.Ffmpeg($"sub-{tag}.mp4", [.. input, "-vf", draw, "-an", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);
    }
}
