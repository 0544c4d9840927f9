using Meiju.Media.Audio;
using System.Runtime.InteropServices;
using System.Text;
using Meiju.Media.Decoding;

namespace Meiju.Media.Tests;

public sealed class BadInputTests : IClassFixture<TestMedia>
{
    private static readonly MediaLoaderOptions Light = new() { Faces = null };
    private readonly TestMedia _media;

    public BadInputTests(TestMedia media) => _media = media;

    [Fact]
    public async Task Truncated_mp4_names_the_file_and_the_problem()
    {
        var full = File.ReadAllBytes(_media.VideoWithTone("whole.mp4"));
        var path = _media.PathOf("truncated.mp4");
        File.WriteAllBytes(path, full[..(full.Length / 2)]);
        using var loader = new FfmpegMediaLoader(Light);
        var ex = await Assert.ThrowsAsync<MeijuDataException>(() => loader.LoadAsync(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public async Task Truncated_faststart_mp4_loads_what_is_there_or_fails_clearly()
    {
        // With the index at the front, the header survives truncation: ffmpeg decodes the frames that remain.
        var whole = _media.Ffmpeg("fast.mp4", "-i", _media.VideoWithTone("whole.mp4"), "-c", "copy", "-movflags", "+faststart");
        var full = File.ReadAllBytes(whole);
        var path = _media.PathOf("fast-truncated.mp4");
        File.WriteAllBytes(path, full[..(full.Length / 2)]);
        using var loader = new FfmpegMediaLoader(Light);
        try
        {
            var media = await loader.LoadAsync(path);
            Assert.InRange(media.Frames.Count, 1, 5);
        }
        catch (MeijuDataException ex)
        {
            Assert.Equal(path, ex.FilePath);
        }
    }

    [Fact]
    public async Task Zero_length_file_is_reported_as_empty()
    {
        var path = _media.PathOf("empty.mp4");
        File.WriteAllBytes(path, []);
        using var loader = new FfmpegMediaLoader(Light);
        var ex = await Assert.ThrowsAsync<MeijuDataException>(() => loader.LoadAsync(path));
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public async Task Garbage_file_is_not_media()
    {
        var path = _media.PathOf("notes.mp4");
        File.WriteAllText(path, "this is not a video\n");
        var ex = await Assert.ThrowsAsync<MeijuDataException>(() => MediaProber.ProbeAsync(path));
        Assert.Contains("not a readable media file", ex.Message);
        Assert.Contains("a text file, not media (it begins \"this is not a video\")", ex.Message);
        Assert.DoesNotContain("truncated", ex.Message);
    }

    [Fact]
    public async Task A_renamed_npy_or_html_file_says_what_it_is()
    {
        var npy = _media.PathOf("features.mp4");
        File.WriteAllBytes(npy, [0x93, .. "NUMPY"u8.ToArray(), 1, 0, 0x76, 0, .. new byte[100]]);
        var ex = await Assert.ThrowsAsync<MeijuDataException>(() => MediaProber.ProbeAsync(npy));
        Assert.Contains("NumPy .npy array", ex.Message);

        var html = _media.PathOf("download.mp4");
        File.WriteAllText(html, "<!DOCTYPE html><html><body>Access denied ünïcode</body></html>");
        ex = await Assert.ThrowsAsync<MeijuDataException>(() => MediaProber.ProbeAsync(html));
        Assert.Contains("an HTML or XML page", ex.Message);
    }

    [Fact]
    public async Task Container_with_no_audio_or_video_is_reported()
    {
        var srt = _media.PathOf("only.srt");
        File.WriteAllText(srt, "1\n00:00:00,000 --> 00:00:01,000\nhello\n");
        var mkv = _media.Ffmpeg("subs-only.mkv", "-i", srt, "-c:s", "srt");
        var ex = await Assert.ThrowsAsync<MeijuDataException>(() => MediaProber.ProbeAsync(mkv));
        Assert.Contains("no audio or video stream", ex.Message);
    }

    [Fact]
    public async Task Video_without_audio_has_null_audio_and_a_warning()
    {
        var path = _media.Ffmpeg("silent-video.mp4", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=1", "-pix_fmt", "yuv420p");
        using var loader = new FfmpegMediaLoader(Light);
        var media = await loader.LoadAsync(path);
        Assert.Null(media.Audio);
        Assert.Equal(3, media.Frames.Count);
        Assert.Contains("no audio stream", media.Warnings);
    }

    [Fact]
    public async Task Audio_only_file_has_no_frames()
    {
        var path = _media.Ffmpeg("tone.mp3", "-f", "lavfi", "-i", "sine=frequency=300:duration=1");
        using var loader = new FfmpegMediaLoader(new MediaLoaderOptions());
        var media = await loader.LoadAsync(path);
        Assert.Empty(media.Frames);
        Assert.Empty(media.Faces);
        Assert.NotNull(media.Audio);
        Assert.Contains("no video stream", media.Warnings);
        Assert.Equal("tone", media.Name);
    }

    [Fact]
    public async Task Silent_audio_reports_no_speech_without_failing()
    {
        var path = _media.Ffmpeg("silence.wav", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "1.5");
        using var loader = new FfmpegMediaLoader(new MediaLoaderOptions
        {
            Audio = new AudioPreprocessingOptions { TrimToSpeech = true, NoiseReduction = new SpectralGate() },
        });
        var media = await loader.LoadAsync(path);
        Assert.NotNull(media.Audio);
        Assert.InRange(media.Audio!.Samples.Length, 23900, 24100);
        Assert.All(media.Audio.Samples, s => Assert.Equal(0f, s));
        Assert.NotNull(media.Speech);
        Assert.Empty(media.Speech!);
        Assert.Contains("no speech detected", media.Warnings);
    }

    [Fact]
    public async Task Video_with_no_face_gives_no_crops_and_a_warning()
    {
        using var loader = new FfmpegMediaLoader(new MediaLoaderOptions { Audio = null });
        var media = await loader.LoadAsync(_media.VideoWithTone("av.mp4"));
        Assert.Equal(5, media.Frames.Count);
        Assert.Empty(media.Faces);
        Assert.Contains("no face found", media.Warnings);
    }

    [Fact]
    public async Task One_loader_serves_parallel_items()
    {
        var paths = new[] { _media.VideoWithTone("p1.mp4"), _media.VideoWithTone("p2.mkv"), _media.VideoWithTone("p3.flv") };
        using var loader = new FfmpegMediaLoader(new MediaLoaderOptions());
        var all = await Task.WhenAll(paths.Select(p => Task.Run(() => loader.LoadAsync(p))));
        Assert.Equal(["p1", "p2", "p3"], all.Select(m => m.Name));
        Assert.All(all, m =>
        {
            Assert.Equal(5, m.Frames.Count);
            Assert.InRange(m.Audio!.DurationSeconds, 1.9, 2.15);
            Assert.InRange(m.DurationSeconds, 1.9, 2.2);
            Assert.Contains("decode", m.StageSeconds.Keys); // one ffmpeg run decoded frames and audio
        });
    }

    [Fact]
    public async Task Non_utf8_file_name_is_a_clear_error_naming_the_problem()
    {
        // Linux names are bytes: 0xFF can never appear in UTF-8. Create it with libc so .NET's string
        // conversion is not involved, then list the folder the way a batch job would.
        var folder = Path.Combine(_media.Folder, "latin1");
        Directory.CreateDirectory(folder);
        var source = File.ReadAllBytes(_media.VideoWithTone("av.mp4"));
        var name = Encoding.UTF8.GetBytes(folder + "/caf").Concat(new byte[] { 0xE9, 0xFF }).Concat(".mp4"u8.ToArray()).Append((byte)0).ToArray();
        var fd = Libc.open(name, 0x41 /* O_WRONLY|O_CREAT */, 0x1A4);
        Assert.True(fd >= 0, "could not create the test file");
        Libc.write(fd, source, source.Length);
        Libc.close(fd);

        var listed = Directory.GetFiles(folder).Single();
        Assert.Contains('\uFFFD', listed);
        using var loader = new FfmpegMediaLoader(Light);
        var ex = await Assert.ThrowsAsync<MeijuDataException>(() => loader.LoadAsync(listed));
        Assert.Contains("not valid UTF-8", ex.Message);
    }

    private static class Libc
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open(byte[] path, int flags, int mode);

        [DllImport("libc", SetLastError = true)]
        public static extern nint write(int fd, byte[] buffer, nint count);

        [DllImport("libc")]
        public static extern int close(int fd);
    }
}
