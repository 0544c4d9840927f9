using Meiju.Media.Decoding;
using Meiju.Tests;

namespace Meiju.Media.Tests;

public sealed class SinglePassDecoderTests : IClassFixture<TestMedia>
{
    private readonly TestMedia _media;

    public SinglePassDecoderTests(TestMedia media) => _media = media;

    /// <summary>The one-process path must give the general path's bytes: probe, then one ffmpeg per stream.</summary>
    private static async Task AssertSameAsGeneralPath(string path, FrameSampling sampling)
    {
        var single = await SinglePassDecoder.TryDecodeAsync(path, sampling);
        Assert.NotNull(single);
        var probe = await MediaProber.ProbeAsync(path);
        var frames = await VideoDecoder.ReadAllFramesAsync(probe, sampling);
        var audio = await AudioDecoder.ReadAsync(probe);

        Assert.Equal(probe.FormatName, single!.Probe.FormatName);
        Assert.Equal(probe.DurationSeconds, single.Probe.DurationSeconds, 2);
        Assert.Equal(probe.Video!.Index, single.Probe.Video!.Index);
        Assert.Equal(probe.Audio!.Index, single.Probe.Audio!.Index);
        Assert.Equal((probe.Video.Width, probe.Video.Height), (single.Probe.Video.Width, single.Probe.Video.Height));
        Assert.Equal(probe.Video.FramesPerSecond, single.Probe.Video.FramesPerSecond, 1);
        Assert.Equal(frames.Count, single.Frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal((frames[i].Width, frames[i].Height, frames[i].Index), (single.Frames[i].Width, single.Frames[i].Height, single.Frames[i].Index));
            Assert.Equal(frames[i].TimeSeconds, single.Frames[i].TimeSeconds, 2);
            Assert.True(frames[i].Rgb.AsSpan().SequenceEqual(single.Frames[i].Rgb), $"frame {i} differs");
        }

        Assert.Equal(audio!.Samples, single.Audio.Samples);
    }

    [Fact]
    public async Task Matches_the_general_path_on_a_synthetic_video()
    {
        await AssertSameAsGeneralPath(_media.VideoWithTone("av.mp4"), FrameSampling.Baseline);
    }

    [Fact]
    public async Task Scales_like_FrameSampling_OutputSize()
    {
        var path = _media.VideoWithTone("big.mkv", seconds: 2, size: "1280x720");
        await AssertSameAsGeneralPath(path, new FrameSampling { EveryNth = 5, MaxFrames = 4, MaxSide = 400 });
    }

    [SharedDataFact("cremad-clips/video_flv/1001_DFA_ANG_XX.flv")]
    public async Task Matches_the_general_path_on_a_real_flv_clip()
    {
        await AssertSameAsGeneralPath(SharedData.PathOf("cremad-clips/video_flv/1001_DFA_ANG_XX.flv"), FrameSampling.Baseline);
    }

    [Fact]
    public async Task Declines_files_it_does_not_handle()
    {
        foreach (var path in _media.WithoutBothStreams())
        {
            Assert.Null(await SinglePassDecoder.TryDecodeAsync(path, FrameSampling.Baseline));
        }
    }

    [Fact]
    public void Parses_rotation_cover_art_and_missing_duration()
    {
        const string dump = """
            Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/x.mp4':
              Duration: N/A, start: 0.000000, bitrate: N/A
              Stream #0:0[0x1](und): Video: mjpeg (Baseline), yuvj420p(pc), 300x300 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn (attached pic)
              Stream #0:1[0x2](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1920x1080 [SAR 1:1 DAR 16:9], 4000 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)
                Side data:
                  displaymatrix: rotation of -90.00 degrees
              Stream #0:2[0x3](eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 128 kb/s (default)
            Stream mapping:
              Stream #0:1 -> #0:0 (h264 (native) -> rawvideo (native))
            Output #0, rawvideo, to 'file:/tmp/v.rgb':
              Stream #0:0: Video: rawvideo (RGB[24] / 0x18424752), rgb24(pc, progressive), 360x640 [SAR 1:1 DAR 9:16], q=2-31, 29.97 fps
            Output #1, f32le, to 'file:/tmp/a.f32':
              Stream #1:0: Audio: pcm_f32le, 16000 Hz, mono, flt, 512 kb/s
            """;
        var info = SinglePassDecoder.Parse("/x.mp4", dump);
        Assert.NotNull(info);
        Assert.Equal("mov,mp4,m4a,3gp,3g2,mj2", info!.Probe.FormatName);
        Assert.True(double.IsNaN(info.Probe.DurationSeconds));
        Assert.Equal(1, info.Probe.Video!.Index);
        Assert.Equal((1080, 1920), (info.Probe.Video.Width, info.Probe.Video.Height));
        Assert.Equal(29.97, info.Probe.Video.FramesPerSecond, 3);
        Assert.Equal((2, 48000, 2), (info.Probe.Audio!.Index, info.Probe.Audio.SampleRate, info.Probe.Audio.Channels));
        Assert.Equal((360, 640), (info.Width, info.Height));
    }
}
