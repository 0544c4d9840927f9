using Meiju.Descriptions;
using Meiju.Features;
using Meiju.Media;

namespace Meiju.Tests.Commands;

/// <summary>
/// Issue 5 item 4: a description source is a named text stream that extraction encodes like the subtitle text,
/// into its own feature folder (<c>minilm_tokens@visual_description</c>).
/// </summary>
public sealed class DescriptionStreamExtractionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("meiju-descstream-").FullName;

    [Fact]
    public async Task Description_answers_become_an_encodable_text_stream()
    {
        using var store = DescriptionStore.Open(Path.Combine(_dir, "store.db"));
        Put(store, "clip1", "visual_description", "The speaker is a woman who smiles broadly and waves her hands.");
        Put(store, "clip2", "visual_description", "A man frowns and crosses his arms angrily.");
        Put(store, "clip1", "audio_description", "A woman speaking happily.");

        var loader = new DescribedMediaLoader(new TextlessLoader(), store, ["visual_description"]);
        var clip1 = await loader.LoadAsync("/videos/clip1.mp4");
        var clip2 = await loader.LoadAsync("/videos/clip2.mp4");

        Assert.Equal(["visual_description"], clip1.Texts.Keys);
        var feature = new FeatureRegistry().Create("minilm_tokens@visual_description");
        Assert.Equal("minilm_tokens@visual_description", feature.Name);
        var a = feature.Extract(clip1);
        var b = feature.Extract(clip2);
        Assert.Equal(384, a.Shape[1]);
        Assert.True(a.Shape[0] > 5, "a 12-word sentence gives more than 5 tokens");
        Assert.False(a.Data.AsSpan().SequenceEqual(b.Data), "different descriptions must encode differently");

        // A stream the store does not have is a per-item "no_text" problem, not [UNK] features.
        var missing = new FeatureRegistry().Create("minilm_tokens@audio_intent");
        var ex = Assert.Throws<FeatureInputMissingException>(() => missing.Extract(clip1));
        Assert.Contains("audio_intent", ex.Message);
    }

    private static void Put(DescriptionStore store, string utterance, string stream, string answer) =>
        store.Put(new DescriptionRecord(new DescriptionKey(utterance, stream, "prompt", "model", "hash"),
            DescriptionStatus.Ok, answer, null, 1, "http://127.0.0.1:1", 5, DateTime.UtcNow));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class TextlessLoader : IMediaLoader
    {
        public Task<UtteranceMedia> LoadAsync(string path, CancellationToken cancellationToken = default) =>
            Task.FromResult(new UtteranceMedia(Path.GetFileNameWithoutExtension(path), path, [], null, [], new Dictionary<string, string>()));
    }
}
