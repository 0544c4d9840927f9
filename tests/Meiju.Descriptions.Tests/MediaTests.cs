using Meiju.Media;

namespace Meiju.Descriptions.Tests;

public sealed class MediaTests
{
    [Fact]
    public async Task Ffmpeg_source_samples_frames_and_16k_audio()
    {
        var media = await new FfmpegDescriptionMediaSource().LoadAsync(TestMedia.CachedClip("av"));

        Assert.Equal(4, media.Frames.Count);
        Assert.All(media.Frames, f => Assert.Equal((96, 64, 96 * 64 * 3), (f.Width, f.Height, f.Rgb.Length)));
        Assert.True(media.Frames.Select(f => f.TimeSeconds).SequenceEqual(media.Frames.Select(f => f.TimeSeconds).Order()));
        Assert.NotNull(media.Audio);
        Assert.Equal(16_000, media.Audio!.SampleRate);
        Assert.InRange(media.Audio.DurationSeconds, 0.9, 1.1);
        Assert.InRange(media.Audio.Samples.Max(), 0.1f, 1f);
    }

    [Fact]
    public async Task Large_frames_are_scaled_and_missing_audio_is_null()
    {
        var media = await new FfmpegDescriptionMediaSource { FrameCount = 2 }.LoadAsync(TestMedia.CachedClip("large"));

        Assert.Equal(2, media.Frames.Count);
        Assert.Equal((448, 252), (media.Frames[0].Width, media.Frames[0].Height));
        Assert.Null(media.Audio);
    }

    [Fact]
    public async Task Only_the_requested_parts_are_decoded()
    {
        var frames = await new FfmpegDescriptionMediaSource().LoadAsync(TestMedia.CachedClip("av"), DescriptionMediaParts.Frames);
        var audio = await new FfmpegDescriptionMediaSource().LoadAsync(TestMedia.CachedClip("av"), DescriptionMediaParts.Audio);

        Assert.Equal((4, true), (frames.Frames.Count, frames.Audio is null));
        Assert.Equal((0, false), (audio.Frames.Count, audio.Audio is null));
    }

    [Fact]
    public async Task Unreadable_media_is_bad_input_naming_the_file()
    {
        using var temp = new TestMedia();
        var path = Path.Combine(temp.Videos, "junk.mp4");
        File.WriteAllBytes(path, new byte[1000]);

        var ex = await Assert.ThrowsAsync<MeijuDataException>(() => new FfmpegDescriptionMediaSource().LoadAsync(path));
        Assert.Equal(path, ex.FilePath);
        var missing = await Assert.ThrowsAsync<MeijuDataException>(() => new FfmpegDescriptionMediaSource().LoadAsync(path + ".nope"));
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_changes_with_settings()
    {
        Assert.NotEqual(new FfmpegDescriptionMediaSource().Fingerprint, new FfmpegDescriptionMediaSource { FrameCount = 8 }.Fingerprint);
        Assert.NotEqual(
            Describer.InputHash("abc", DescriptionModality.Vision, "f"),
            Describer.InputHash("abc", DescriptionModality.Audio, "f"));
    }

    [Fact]
    public void Png_decodes_back_to_the_same_pixels()
    {
        using var temp = new TestMedia();
        var rgb = new byte[7 * 5 * 3];
        new Random(3).NextBytes(rgb);
        var path = Path.Combine(temp.Root, "f.png");
        File.WriteAllBytes(path, MediaEncoding.Png(new VideoFrame(7, 5, rgb, 0, 0)));

        var decoded = TestMedia.Ffmpeg("-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1");

        Assert.Equal(rgb, decoded);
    }

    [Fact]
    public void Wav_decodes_back_to_the_same_samples()
    {
        using var temp = new TestMedia();
        var samples = Enumerable.Range(0, 1600).Select(i => (float)Math.Sin(i * 0.05) * 0.8f).Append(1.5f).ToArray();
        var path = Path.Combine(temp.Root, "a.wav");
        File.WriteAllBytes(path, MediaEncoding.Wav(new AudioSignal(samples, 16_000)));

        var decoded = TestMedia.Ffmpeg("-i", path, "-f", "s16le", "-ac", "1", "-ar", "16000", "pipe:1");

        Assert.Equal(samples.Length * 2, decoded.Length);
        for (var i = 0; i < samples.Length; i++)
        {
            var value = BitConverter.ToInt16(decoded, 2 * i) / (float)short.MaxValue;
            Assert.InRange(value, Math.Clamp(samples[i], -1, 1) - 1e-4f, Math.Clamp(samples[i], -1, 1) + 1e-4f);
        }
    }

    [Fact]
    public void Even_sampling_picks_segment_centres()
    {
        Assert.Equal([1, 5, 8], FrameSampling.Evenly(Enumerable.Range(0, 10).ToList(), 3));
        Assert.Equal([0, 1], FrameSampling.Evenly([0, 1], 4));
    }
}
