using Meiju.Media.Decoding;

namespace Meiju.Media.Tests;

public sealed class DecodingTests : IClassFixture<TestMedia>
{
    private readonly TestMedia _media;

    public DecodingTests(TestMedia media) => _media = media;

    [Fact]
    public async Task Probe_reports_duration_and_streams()
    {
        var probe = await MediaProber.ProbeAsync(_media.VideoWithTone("av.mp4"));
        Assert.InRange(probe.DurationSeconds, 1.9, 2.2);
        Assert.NotNull(probe.Video);
        Assert.Equal((320, 240), (probe.Video!.Width, probe.Video.Height));
        Assert.Equal(25, probe.Video.FramesPerSecond, 3);
        Assert.Equal(48000, probe.Audio!.SampleRate);
        Assert.Equal(2, probe.Audio.Channels);
    }

    [Fact]
    public async Task Every_tenth_frame_is_sampled_as_rgb24()
    {
        var probe = await MediaProber.ProbeAsync(_media.VideoWithTone("av.mp4"));
        var frames = await VideoDecoder.ReadAllFramesAsync(probe, FrameSampling.Baseline);
        Assert.Equal([0, 10, 20, 30, 40], frames.Select(f => f.Index));
        Assert.All(frames, f => Assert.Equal(320 * 240 * 3, f.Rgb.Length));
        Assert.Equal(0.4, frames[1].TimeSeconds, 6);
        // testsrc changes from frame to frame: the frames must not be copies of each other.
        Assert.NotEqual(frames[0].Rgb, frames[1].Rgb);
    }

    [Fact]
    public async Task Fixed_rate_sampling_gives_the_rate_times_duration()
    {
        var probe = await MediaProber.ProbeAsync(_media.VideoWithTone("av.mp4"));
        var frames = await VideoDecoder.ReadAllFramesAsync(probe, new FrameSampling { FramesPerSecond = 5 });
        Assert.InRange(frames.Count, 9, 11);
        Assert.Equal(0.2, frames[1].TimeSeconds, 6);
    }

    [Fact]
    public async Task Frame_cap_and_size_cap_bound_memory()
    {
        var path = _media.VideoWithTone("big.mkv", seconds: 4, size: "1280x720");
        var probe = await MediaProber.ProbeAsync(path);
        var sampling = new FrameSampling { EveryNth = 1, MaxFrames = 7, MaxSide = 400 };
        var frames = await VideoDecoder.ReadAllFramesAsync(probe, sampling);
        Assert.Equal(7, frames.Count);
        // 1280×720 scaled to a 400-pixel long side: 225 rows, rounded to an even number for yuv420 scaling.
        Assert.All(frames, f =>
        {
            Assert.Equal(400, f.Width);
            Assert.InRange(f.Height, 224, 226);
            Assert.Equal(0, f.Height % 2);
        });
    }

    [Fact]
    public async Task Streaming_stops_early_without_reading_the_rest()
    {
        var probe = await MediaProber.ProbeAsync(_media.VideoWithTone("av.mp4"));
        var seen = 0;
        await foreach (var _ in VideoDecoder.ReadFramesAsync(probe, new FrameSampling { EveryNth = 1 }))
        {
            if (++seen == 3)
            {
                break;
            }
        }

        Assert.Equal(3, seen);
    }

    [Theory]
    [InlineData("a.mp4")]
    [InlineData("a.flv")]
    [InlineData("a.mkv")]
    [InlineData("a.wav")]
    [InlineData("a.mp3")]
    [InlineData("a.flac")]
    public async Task Audio_decodes_to_16k_mono_from_common_containers(string name)
    {
        var path = name.EndsWith(".mp4") || name.EndsWith(".flv") || name.EndsWith(".mkv")
            ? _media.VideoWithTone(name)
            : _media.Ffmpeg(name, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", "-ac", "2");
        var probe = await MediaProber.ProbeAsync(path);
        var audio = await AudioDecoder.ReadAsync(probe);
        Assert.NotNull(audio);
        Assert.Equal(16000, audio!.SampleRate);
        Assert.InRange(audio.DurationSeconds, 1.9, 2.15);
        // A 440 Hz tone crosses zero 880 times a second; resampling must keep the pitch.
        var crossings = 0;
        var mid = audio.Samples.AsSpan(4000, 16000);
        for (var i = 1; i < mid.Length; i++)
        {
            if ((mid[i - 1] < 0) != (mid[i] < 0))
            {
                crossings++;
            }
        }

        Assert.InRange(crossings, 870, 890);
    }

    [Fact]
    public async Task Audio_cap_limits_decoded_seconds()
    {
        var probe = await MediaProber.ProbeAsync(_media.VideoWithTone("av.mp4"));
        var audio = await AudioDecoder.ReadAsync(probe, maxSeconds: 0.5);
        Assert.InRange(audio!.Samples.Length, 7800, 8200);
    }

    [Fact]
    public async Task Loader_warns_when_caps_cut_the_input()
    {
        using var loader = new FfmpegMediaLoader(new MediaLoaderOptions
        {
            Frames = new FrameSampling { EveryNth = 1, MaxFrames = 4 },
            Audio = new Audio.AudioPreprocessingOptions { MaxSeconds = 0.5, DetectSpeech = false },
            Faces = null,
        });
        var media = await loader.LoadAsync(_media.VideoWithTone("av.mp4"));
        Assert.Equal(4, media.Frames.Count);
        Assert.Contains("frames capped at 4", media.Warnings);
        Assert.Contains("audio capped at 0.5 s", media.Warnings);
        Assert.Null(media.Speech);
    }

    [Fact]
    public async Task Cover_art_is_not_a_video_stream()
    {
        var art = _media.Ffmpeg("cover.png", "-f", "lavfi", "-i", "testsrc=size=64x64", "-frames:v", "1");
        var mp3 = _media.Ffmpeg("with-art.mp3", "-f", "lavfi", "-i", "sine=duration=1", "-i", art,
            "-map", "0:a", "-map", "1:v", "-c:v", "png", "-disposition:v", "attached_pic", "-id3v2_version", "3");
        var probe = await MediaProber.ProbeAsync(mp3);
        Assert.Null(probe.Video);
        Assert.NotNull(probe.Audio);
    }
}
