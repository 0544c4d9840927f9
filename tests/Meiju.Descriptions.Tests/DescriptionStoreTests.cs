using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Meiju.Descriptions.Tests;

public sealed class DescriptionStoreTests
{
    private static DescriptionRecord Row(string utterance, string stream, string? answer, DateTime when, string model = "m", string hash = "h") =>
        new(new DescriptionKey(utterance, stream, "prompt for " + stream, model, hash),
            answer is null ? DescriptionStatus.Failed : DescriptionStatus.Ok, answer, answer is null ? "boom" : null, 1, "http://x/v1", 12, when);

    [Fact]
    public void Rows_survive_reopening_and_the_newest_answer_wins_in_a_stream()
    {
        using var media = new TestMedia();
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using (var store = DescriptionStore.Open(media.StorePath))
        {
            store.Put(Row("a", "visual_description", "old", t0, hash: "h1"));
            store.Put(Row("a", "visual_description", "new", t0.AddMinutes(1), hash: "h2"));
            store.Put(Row("b", "visual_description", null, t0));
            store.Put(Row("b", "audio_intent", "asks", t0));
        }

        using var reopened = DescriptionStore.Open(media.StorePath);
        Assert.Equal(4, reopened.All().Count);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "new" }, reopened.ReadStream("visual_description"));
        Assert.Equal(["audio_intent", "visual_description"], reopened.Streams());
        Assert.Equal("boom", Assert.Single(reopened.Failures()).Error);
        var got = reopened.Get(new DescriptionKey("a", "visual_description", "prompt for visual_description", "m", "h1"));
        Assert.Equal("old", got!.Answer);
        Assert.Equal(t0, got.UpdatedUtc);
        Assert.Null(reopened.Get(new DescriptionKey("a", "visual_description", "other prompt", "m", "h1")));
    }

    [Fact]
    public void Streams_attach_to_utterance_media_as_texts()
    {
        using var media = new TestMedia();
        using var store = DescriptionStore.Open(media.StorePath);
        store.Put(Row("u1", "visual_description", "a woman frowns", DateTime.UtcNow));
        store.Put(Row("u1", "audio_intent", "she asks", DateTime.UtcNow));
        store.Put(Row("u2", "audio_intent", "other utterance", DateTime.UtcNow));
        var utterance = new Meiju.Media.UtteranceMedia("u1", "u1.mp4", [], null, [], new Dictionary<string, string> { ["subtitle"] = "Why?" });

        var all = store.AttachTo(utterance);
        var some = store.AttachTo(utterance, ["audio_intent"]);

        Assert.Equal(new Dictionary<string, string> { ["subtitle"] = "Why?", ["visual_description"] = "a woman frowns", ["audio_intent"] = "she asks" }, all.Texts);
        Assert.Equal(["audio_intent", "subtitle"], some.Texts.Keys.Order());
    }

    [Fact]
    public void Put_replaces_a_failure_with_an_answer()
    {
        using var media = new TestMedia();
        using var store = DescriptionStore.Open(media.StorePath);
        var t0 = DateTime.UtcNow;
        store.Put(Row("a", "s", null, t0));
        store.Put(Row("a", "s", "done", t0));

        var row = Assert.Single(store.All());
        Assert.Equal(DescriptionStatus.Ok, row.Status);
        Assert.Null(row.Error);
    }

    [Fact]
    public void The_store_uses_the_wal_journal()
    {
        using var media = new TestMedia();
        using var store = DescriptionStore.Open(media.StorePath);
        store.Put(Row("a", "s", "x", DateTime.UtcNow));
        using var raw = new SqliteConnection($"Data Source={media.StorePath};Pooling=False");
        raw.Open();
        using var cmd = raw.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar() as string);
    }

    [Fact]
    public void Export_writes_quoted_csv_and_jsonl()
    {
        using var media = new TestMedia();
        using var store = DescriptionStore.Open(media.StorePath);
        store.Put(Row("a", "visual_description", "She says \"hi\", then\nleaves.", DateTime.UtcNow));
        store.Put(Row("b", "visual_description", null, DateTime.UtcNow));
        var csv = Path.Combine(media.Root, "d.csv");
        var jsonl = Path.Combine(media.Root, "d.jsonl");

        store.Export(csv);
        store.Export(jsonl);

        var text = File.ReadAllText(csv);
        Assert.Contains("\"She says \"\"hi\"\", then\nleaves.\"", text, StringComparison.Ordinal);
        var lines = File.ReadAllLines(jsonl);
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("She says \"hi\", then\nleaves.", first.GetProperty("answer").GetString());
        Assert.Equal("failed", JsonDocument.Parse(lines[1]).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void A_file_that_is_not_a_store_is_bad_input_naming_it()
    {
        using var media = new TestMedia();
        File.WriteAllText(media.StorePath, new string('z', 4096));

        var ex = Assert.Throws<MeijuDataException>(() => DescriptionStore.Open(media.StorePath));
        Assert.Contains("descriptions.db", ex.Message, StringComparison.Ordinal);
    }
}
