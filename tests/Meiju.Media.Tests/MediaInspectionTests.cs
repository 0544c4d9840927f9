namespace Meiju.Media.Tests;

public sealed class MediaInspectionTests : IClassFixture<TestMedia>
{
    private readonly TestMedia _media;

    public MediaInspectionTests(TestMedia media) => _media = media;

    [Fact]
    public async Task A_bad_item_is_reported_and_the_batch_goes_on()
    {
        var empty = _media.PathOf("empty.flv");
        File.WriteAllBytes(empty, []);
        var good = _media.VideoWithTone("good.mp4");
        var sheet = _media.PathOf("sheet.png");
        var done = new List<int>();
        var items = await MediaInspection.RunAsync([empty, good], new MediaLoaderOptions(), sheet, new SyncProgress(done));
        Assert.Equal(2, items.Count);
        Assert.Contains("empty", items[0].Error);
        Assert.Null(items[0].Media);
        Assert.Null(items[1].Error);
        Assert.Equal(5, items[1].Media!.Frames.Count);
        Assert.Equal([1, 2], done);
        // testsrc has no face, so there is nothing to draw.
        Assert.False(File.Exists(sheet));
    }

    [SharedDataFact("cremad-clips/video_flv/1001_DFA_ANG_XX.flv")]
    public async Task Contact_sheet_is_a_png_of_the_crops()
    {
        var sheet = _media.PathOf("cremad.png");
        var items = await MediaInspection.RunAsync(
            [SharedData.PathOf("cremad-clips/video_flv/1001_DFA_ANG_XX.flv")], new MediaLoaderOptions { Audio = null }, sheet);
        Assert.NotEmpty(items[0].Media!.Faces);
        var bytes = File.ReadAllBytes(sheet);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    private sealed class SyncProgress(List<int> sink) : IProgress<int>
    {
        public void Report(int value) => sink.Add(value);
    }
}
