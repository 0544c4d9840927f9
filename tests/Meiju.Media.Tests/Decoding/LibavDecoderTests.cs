using Meiju.Media.Decoding;
using Meiju.Tests;

namespace Meiju.Media.Tests;

public sealed class LibavDecoderTests : IClassFixture<TestMedia>
{
    private readonly TestMedia _media;

    public LibavDecoderTests(TestMedia media) => _media = media;

    /// <summary>In-process decoding must give the ffmpeg program's bytes: same filters, same libraries.</summary>
    private static async Task AssertSameAsProgram(string path, FrameSampling sampling, double maxSeconds = 600)
    {
        var capped = maxSeconds < 600;
        Assert.True(LibavDecoder.IsAvailable, "FFmpeg 5.1's libavformat/libavfilter/libavutil should load here (scripts/setup.sh installs them)");
        var program = await SinglePassDecoder.TryDecodeAsync(path, sampling, maxSeconds: maxSeconds);
        var inProcess = LibavDecoder.TryDecode(path, sampling, maxSeconds: maxSeconds);
        Assert.NotNull(program);
        Assert.NotNull(inProcess);

        Assert.Equal(program!.Probe.FormatName, inProcess!.Probe.FormatName);
        Assert.Equal(program.Probe.DurationSeconds, inProcess.Probe.DurationSeconds, 3);
        Assert.Equal(program.Probe.Streams.Count, inProcess.Probe.Streams.Count);
        Assert.Equal(program.Probe.Video, inProcess.Probe.Video);
        Assert.Equal(program.Probe.Audio, inProcess.Probe.Audio);
        Assert.Equal(program.Frames.Count, inProcess.Frames.Count);
        for (var i = 0; i < program.Frames.Count; i++)
        {
            var (a, b) = (program.Frames[i], inProcess.Frames[i]);
            Assert.Equal((a.Width, a.Height, a.Index, a.TimeSeconds), (b.Width, b.Height, b.Index, b.TimeSeconds));
            Assert.True(a.Rgb.AsSpan().SequenceEqual(b.Rgb), $"frame {i} differs");
        }

        Assert.Equal(program.Audio.SampleRate, inProcess.Audio.SampleRate);
        var (p, q) = (program.Audio.Samples, inProcess.Audio.Samples);
        if (capped)
        {
            // At the cap the two trims differ by up to a millisecond: the program's trim measures from the
            // first decoded timestamp of its own input chain. Before the cap the samples are the same.
            Assert.InRange(q.Length - p.Length, -16, 16);
            var n = Math.Min(p.Length, q.Length);
            Assert.Equal(p[..n], q[..n]);
        }
        else
        {
            Assert.Equal(p, q);
        }
    }

    [Fact]
    public async Task Matches_the_program_on_a_synthetic_video()
    {
        await AssertSameAsProgram(_media.VideoWithTone("av.mp4"), FrameSampling.Baseline);
    }

    [Fact]
    public async Task Matches_the_program_when_scaling_capping_and_sampling_by_rate()
    {
        var path = _media.VideoWithTone("big.mkv", seconds: 3, size: "1280x720");
        await AssertSameAsProgram(path, new FrameSampling { EveryNth = 5, MaxFrames = 4, MaxSide = 400 }, maxSeconds: 1.5);
        await AssertSameAsProgram(path, new FrameSampling { FramesPerSecond = 3, MaxSide = 320 });
    }

    [Fact]
    public async Task A_file_not_starting_at_zero_matches_every_nth_and_leaves_fixed_rate_to_the_program()
    {
        var path = _media.Ffmpeg("offset.mp4", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2", "-ac", "2", "-shortest", "-pix_fmt", "yuv420p",
            "-output_ts_offset", "0.13");
        Assert.True((await MediaProber.ProbeAsync(path)).DurationSeconds > 0);
        await AssertSameAsProgram(path, FrameSampling.Baseline);
        // The program shifts timestamps to start at 0 before its fps filter; the in-process graph would not.
        Assert.Null(LibavDecoder.TryDecode(path, new FrameSampling { FramesPerSecond = 3 }));
        Assert.NotNull(await SinglePassDecoder.TryDecodeAsync(path, new FrameSampling { FramesPerSecond = 3 }));
    }

    [SharedDataFact("cremad-clips/video_flv/1001_DFA_ANG_XX.flv")]
    public async Task Matches_the_program_on_a_real_flv_clip()
    {
        await AssertSameAsProgram(SharedData.PathOf("cremad-clips/video_flv/1001_DFA_ANG_XX.flv"), FrameSampling.Baseline);
    }

    [Fact]
    public async Task Declines_files_it_does_not_handle()
    {
        var garbage = _media.PathOf("garbage.mp4");
        await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var whole = await File.ReadAllBytesAsync(_media.VideoWithTone("whole.mp4"));
        var truncated = _media.PathOf("truncated.mp4");
        await File.WriteAllBytesAsync(truncated, whole.AsSpan(0, whole.Length / 3).ToArray());

        foreach (var path in (string[])[.. _media.WithoutBothStreams(), garbage, truncated, _media.PathOf("missing.mp4")])
        {
            Assert.Null(LibavDecoder.TryDecode(path, FrameSampling.Baseline));
        }
    }

    [Fact]
    public async Task Probes_like_ffprobe()
    {
        var path = _media.VideoWithTone("probe.mkv", seconds: 2.5, size: "640x360");
        var ffprobe = await MediaProber.ProbeAsync(path);
        var inProcess = LibavDecoder.TryProbe(path);
        Assert.NotNull(inProcess);
        Assert.Equal(ffprobe.DurationSeconds, inProcess!.DurationSeconds, 2);
        Assert.Equal((ffprobe.Video!.Index, ffprobe.Video.Width, ffprobe.Video.Height), (inProcess.Video!.Index, inProcess.Video.Width, inProcess.Video.Height));
        Assert.Equal(ffprobe.Video.FramesPerSecond, inProcess.Video.FramesPerSecond, 2);
        Assert.Equal((ffprobe.Audio!.Index, ffprobe.Audio.SampleRate, ffprobe.Audio.Channels), (inProcess.Audio!.Index, inProcess.Audio.SampleRate, inProcess.Audio.Channels));
        Assert.Null(LibavDecoder.TryProbe(_media.PathOf("does-not-exist.mkv")));
    }

    [Fact]
    public async Task The_loader_gives_the_same_media_in_process_and_with_the_program()
    {
        var path = _media.VideoWithTone("loader.mp4");
        var inProcess = await new FfmpegMediaLoader(new MediaLoaderOptions { InProcess = true, Faces = null }).LoadAsync(path);
        var program = await new FfmpegMediaLoader(new MediaLoaderOptions { InProcess = false, Faces = null }).LoadAsync(path);
        Assert.Equal(program.Frames.Count, inProcess.Frames.Count);
        Assert.Equal(program.Audio!.Samples, inProcess.Audio!.Samples);
        Assert.Equal(program.DurationSeconds, inProcess.DurationSeconds, 3);
        Assert.Equal(program.Warnings, inProcess.Warnings);
    }
}
