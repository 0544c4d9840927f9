namespace Meiju.Web.Tests;

public sealed class SampleCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("meiju-samples-").FullName;

    [Fact]
    public void Lists_media_files_by_content_with_safe_ids_and_transcripts()
    {
        File.WriteAllBytes(Path.Combine(_dir, "1001_DFA_HAP_XX.flv"), TestClips.FlvLike(100));
        File.WriteAllBytes(Path.Combine(_dir, "My Clip (1).MP4"), TestClips.Mp4Like(64));
        File.WriteAllText(Path.Combine(_dir, "notes.mp4"), "not a video");
        File.WriteAllText(Path.Combine(_dir, "README.txt"), "licence");
        File.WriteAllText(Path.Combine(_dir, "transcripts.csv"), "FileName,sentence\n1001_DFA_HAP_XX,\"Don't forget a jacket, \"\"please\"\".\"\n");

        var catalog = SampleCatalog.Load(_dir);

        Assert.Equal(["1001_dfa_hap_xx", "my_clip__1_"], catalog.Clips.Select(c => c.Id));
        var flv = catalog.Clips[0];
        Assert.Equal("1001_DFA_HAP_XX.flv", flv.Name);
        Assert.Equal("FLV", flv.Format);
        Assert.Equal(100, flv.SizeBytes);
        Assert.Equal("Don't forget a jacket, \"please\".", flv.Transcript);
        Assert.Null(catalog.Clips[1].Transcript);
        Assert.True(catalog.TryGet("my_clip__1_", out _, out var path));
        Assert.Equal(Path.Combine(_dir, "My Clip (1).MP4"), path);
    }

    [Theory]
    [InlineData("notes")]
    [InlineData("../samples/1001_dfa_hap_xx")]
    [InlineData("1001_DFA_HAP_XX")]
    [InlineData("1001_DFA_HAP_XX.flv")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void Finds_only_listed_ids(string id)
    {
        File.WriteAllBytes(Path.Combine(_dir, "1001_DFA_HAP_XX.flv"), TestClips.FlvLike(100));
        File.WriteAllText(Path.Combine(_dir, "notes.mp4"), "not a video");

        Assert.False(SampleCatalog.Load(_dir).TryGet(id, out _, out _));
    }

    [Fact]
    public void A_missing_folder_is_named_in_the_error()
    {
        var missing = Path.Combine(_dir, "nope");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => SampleCatalog.Load(missing));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
