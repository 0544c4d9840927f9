using System.Text;

namespace Meiju.Web.Tests;

public class MediaSnifferTests
{
    [Theory]
    [InlineData("00000018 66747970 69736f6d 00000200", "MPEG-4", ".mp4", true)]
    [InlineData("00000014 66747970 71742020 00000000", "QuickTime", ".mov", true)]
    [InlineData("00000020 66747970 4d344120 00000000", "MPEG-4 audio", ".m4a", false)]
    [InlineData("1a45dfa3 9f428681 01 4282 8477 6562 6d", "WebM", ".webm", true)]
    [InlineData("1a45dfa3 a3428681 01 4282 88 6d6174726f736b61", "Matroska", ".mkv", true)]
    [InlineData("52494646 24080000 41564920 4c495354", "AVI", ".avi", true)]
    [InlineData("52494646 24080000 57415645 666d7420", "WAV", ".wav", false)]
    [InlineData("464c5601 05000000 09", "FLV", ".flv", true)]
    [InlineData("3026b275 8e66cf11 a6d900aa 0062ce6c", "ASF/WMV", ".wmv", true)]
    [InlineData("000001ba 44000400 0401", "MPEG program stream", ".mpg", true)]
    [InlineData("4f676753 00020000 00000000", "Ogg", ".ogg", false)]
    [InlineData("664c6143 00000022", "FLAC", ".flac", false)]
    [InlineData("49443304 00000000 0000", "MP3", ".mp3", false)]
    [InlineData("fffb9064 00000000", "MP3", ".mp3", false)]
    public void Recognises_containers_by_their_first_bytes(string hex, string name, string extension, bool video)
    {
        var kind = MediaSniffer.Detect(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));

        Assert.NotNull(kind);
        Assert.Equal(name, kind.Name);
        Assert.Equal(extension, kind.Extension);
        Assert.Equal(video, kind.HasVideo);
    }

    [Theory]
    [InlineData("89504e47 0d0a1a0a 0000000d 49484452")] // PNG
    [InlineData("25504446 2d312e37 0a")] // PDF
    [InlineData("504b0304 14000000")] // ZIP
    [InlineData("52494646 24080000 57454250 5650384c")] // RIFF but WebP, not media
    [InlineData("464c5602")] // "FLV" with a wrong version byte
    [InlineData("0000")] // too short to say
    [InlineData("")]
    public void Refuses_everything_else(string hex)
    {
        Assert.Null(MediaSniffer.Detect(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal))));
    }

    [Fact]
    public void A_text_file_is_not_media_whatever_its_name()
    {
        Assert.Null(MediaSniffer.Detect(Encoding.UTF8.GetBytes("this is not a video, it only says so in its name\n")));
    }

    [Fact]
    public void Recognises_an_mpeg_transport_stream_by_its_sync_bytes_every_188_bytes()
    {
        var ts = new byte[188 * 3];
        ts[0] = ts[188] = ts[376] = 0x47;
        Assert.Equal(".ts", MediaSniffer.Detect(ts)?.Extension);

        ts[376] = 0;
        Assert.Null(MediaSniffer.Detect(ts));
    }

    [SharedDataFact(TestClips.CremadClip, "cremad-clips/audio_mp3/1002_DFA_ANG_XX.mp3", "cremad-clips/audio_wav16k/1001_DFA_ANG_XX.wav")]
    public void Recognises_the_real_cremad_files()
    {
        Assert.Equal("FLV", MediaSniffer.Detect(SharedData.PathOf(TestClips.CremadClip))?.Name);
        Assert.Equal("MP3", MediaSniffer.Detect(SharedData.PathOf("cremad-clips/audio_mp3/1002_DFA_ANG_XX.mp3"))?.Name);
        Assert.Equal("WAV", MediaSniffer.Detect(SharedData.PathOf("cremad-clips/audio_wav16k/1001_DFA_ANG_XX.wav"))?.Name);
    }
}
