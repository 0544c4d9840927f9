using System.Diagnostics;
using Meiju.Features.Extraction;

namespace Meiju.Features.Tests.Extraction;

public sealed class FallbackMediaLoaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meiju-loader-");

    public void Dispose() => _dir.Delete(true);

    private static bool HasFfmpeg()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("ffmpeg", "-version") { RedirectStandardOutput = true, RedirectStandardError = true });
            p!.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [SharedDataFact("cremad-clips/video_flv")]
    public async Task Reads_audio_from_a_real_clip_and_a_sidecar_transcript()
    {
        Assert.True(HasFfmpeg(), "ffmpeg is required (scripts/setup.sh installs it)");
        var clip = Directory.GetFiles(SharedData.PathOf("cremad-clips/video_flv"), "*.flv").Order(StringComparer.Ordinal).First();
        var copy = Path.Combine(_dir.FullName, Path.GetFileName(clip));
        File.Copy(clip, copy);
        File.WriteAllText(Path.ChangeExtension(copy, ".txt"), "Don't forget a jacket.\n");
        var media = await new FallbackMediaLoader().LoadAsync(copy);
        Assert.NotNull(media.Audio);
        Assert.Equal(16000, media.Audio!.SampleRate);
        Assert.InRange(media.Audio.DurationSeconds, 0.5, 10);
        Assert.Equal("Don't forget a jacket.", media.Texts["transcript"]);
    }

    [Fact]
    public async Task Empty_and_garbage_files_are_data_errors()
    {
        var empty = Path.Combine(_dir.FullName, "empty.mp4");
        File.WriteAllBytes(empty, []);
        var e = await Assert.ThrowsAsync<MeijuDataException>(() => new FallbackMediaLoader().LoadAsync(empty));
        Assert.Contains("empty", e.Message);
        if (HasFfmpeg())
        {
            var garbage = Path.Combine(_dir.FullName, "garbage.mp4");
            File.WriteAllBytes(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
            await Assert.ThrowsAsync<MeijuDataException>(() => new FallbackMediaLoader().LoadAsync(garbage));
        }
    }
}
