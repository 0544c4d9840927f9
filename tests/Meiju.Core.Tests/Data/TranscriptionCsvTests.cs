using Meiju.Data;
using Meiju.Labels;

namespace Meiju.Tests.Data;

public class TranscriptionCsvTests
{
    private static readonly LabelSet E = MeijuLabels.Emotion;
    private static readonly LabelSet I = MeijuLabels.Intent;

    [Fact]
    public void ReadsRfc4180QuotingWithLineNumbers()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("Training_transcription.csv");
        File.WriteAllText(path,
            "FileName,sentence,emotion,intent\n" +
            "Track2_Training_00001.mp4,\"Well, I said \"\"no\"\".\",happy,agreeing\n" +
            "Track2_Training_00002,\"two\nlines\",Neutral,neutral\n" +
            "Track2_Training_00003,plain,sad,consoling\n");
        var rows = TranscriptionCsv.Read(path, E, I);
        Assert.Equal(3, rows.Count);
        Assert.Equal("Track2_Training_00001", rows[0].Name);
        Assert.Equal("Well, I said \"no\".", rows[0].Sentence);
        Assert.Equal((E.IndexOf("happy"), I.IndexOf("agreeing")), (rows[0].Emotion, rows[0].Intent));
        Assert.Equal("two\nlines", rows[1].Sentence);
        Assert.Equal(E.IndexOf("neutral"), rows[1].Emotion);
        Assert.Equal([2, 3, 5], rows.Select(r => r.Line));
    }

    [Fact]
    public void UnknownLabelNamesFileAndLineAfterAMultiLineRecord()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("t.csv");
        File.WriteAllText(path, "FileName,sentence,emotion,intent\na,\"x\ny\",happy,agreeing\nb,z,joyful,agreeing\n");
        var ex = Assert.Throws<MeijuDataException>(() => TranscriptionCsv.Read(path, E, I));
        Assert.Equal(path, ex.FilePath);
        Assert.Equal(4, ex.Line);
        Assert.Contains("joyful", ex.Message);
    }

    [Fact]
    public void TestFilesWithoutLabelColumnsAreUnlabelled()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("Testing_transcription.csv");
        File.WriteAllText(path, "FileName,Sentence\nTrack2_Testing_00001,hello there\n");
        var row = Assert.Single(TranscriptionCsv.Read(path, E, I));
        Assert.False(row.IsLabelled);
        Assert.Equal("hello there", row.Sentence);
    }

    [Fact]
    public void WriteThenReadRoundTrips()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("out.csv");
        TranscriptionRow[] rows =
        [
            new("u1", "comma, \"quote\" and\nnewline", 0, 7),
            new("u2", "plain", 6, 0),
            new("u3", "test row"),
        ];
        TranscriptionCsv.Write(path, rows, E, I);
        var back = TranscriptionCsv.Read(path, E, I);
        Assert.Equal(rows.Select(r => (r.Name, r.Sentence, r.Emotion, r.Intent)), back.Select(r => (r.Name, r.Sentence, r.Emotion, r.Intent)));
        Assert.StartsWith("FileName,sentence,emotion,intent\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("FileName,sentence,emotion,intent\na,\"never closed,happy,agreeing\n", "malformed")]
    [InlineData("FileName,sentence,emotion,intent\na,x,happy\n", "malformed")]
    [InlineData("name_of_clip,words\na,x\n", "header must name")]
    [InlineData("FileName,sentence,emotion,intent\n", "no rows")]
    [InlineData("FileName,sentence,emotion,intent\na,x,happy,agreeing\na,y,sad,neutral\n", "listed twice")]
    [InlineData("", "empty file")]
    public void BadFilesNameTheFile(string text, string problem)
    {
        using var tmp = new TempFolder();
        var path = tmp.File("bad.csv");
        File.WriteAllText(path, text);
        var ex = Assert.Throws<MeijuDataException>(() => TranscriptionCsv.Read(path, E, I));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(problem, ex.Message);
    }
}
