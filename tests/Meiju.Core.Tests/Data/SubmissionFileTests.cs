using Meiju.Data;
using Meiju.Labels;

namespace Meiju.Tests.Data;

public sealed class SubmissionFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("meiju-sub-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadsHeaderQuotesAndNamesWithOrWithoutExtension()
    {
        var path = Write("p.csv", "filename,emo_pred,int_pred", "a.mp4,happy,questioning", "\"b\",Neutral,neutral", "");
        var rows = SubmissionFile.Read(path, MeijuLabels.Emotion, MeijuLabels.Intent);
        Assert.Equal(["a", "b"], rows.Select(r => r.Name));
        Assert.Equal([0, 6], rows.Select(r => r.Emotion));
        Assert.Equal([0, 7], rows.Select(r => r.Intent));
        Assert.Equal(3, rows[1].Line);
    }

    [Fact]
    public void ReadsAPandasIndexColumnAndHeaderlessFiles()
    {
        var indexed = Write("i.csv", ",filename,emo_pred,int_pred", "0,a,sad,wishing");
        Assert.Equal(2, SubmissionFile.Read(indexed, MeijuLabels.Emotion, MeijuLabels.Intent)[0].Emotion);
        var bare = Write("n.csv", "a.mp4,fear,consoling");
        Assert.Equal(4, SubmissionFile.Read(bare, MeijuLabels.Emotion, MeijuLabels.Intent)[0].Intent);
    }

    [Fact]
    public void WriteThenReadRoundTrips()
    {
        var path = Path.Combine(_dir, "out", "submission.csv");
        UtterancePrediction[] rows = [new("x", 1, 2), new("y", 6, 7)];
        SubmissionFile.Write(path, rows, MeijuLabels.Emotion, MeijuLabels.Intent);
        var back = SubmissionFile.Read(path, MeijuLabels.Emotion, MeijuLabels.Intent);
        Assert.Equal(rows.Select(r => (r.Name, r.Emotion, r.Intent)), back.Select(r => (r.Name, r.Emotion, r.Intent)));
    }

    [Theory]
    [InlineData("a,happy,questioning|b,joyful,neutral", 2, "unknown emotion label 'joyful'")]
    [InlineData("a,happy,questioning|b,happy,chatting", 2, "unknown intent label 'chatting'")]
    [InlineData("filename,emo_pred,int_pred|a,happy,questioning|a.mp4,sad,neutral", 3, "predicted twice")]
    [InlineData("a,happy,questioning|b,happy", 2, "found 2 field(s)")]
    public void BadRowsNameFileAndLine(string content, int line, string problem)
    {
        var path = Write("bad.csv", content.Split('|'));
        var ex = Assert.Throws<MeijuDataException>(() => SubmissionFile.Read(path, MeijuLabels.Emotion, MeijuLabels.Intent));
        Assert.Equal(line, ex.Line);
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void EmptyOrMissingFileIsAnError()
    {
        var empty = Write("empty.csv", "filename,emo_pred,int_pred");
        Assert.Contains("no rows", Assert.Throws<MeijuDataException>(() => SubmissionFile.Read(empty, MeijuLabels.Emotion, MeijuLabels.Intent)).Message);
        Assert.Throws<MeijuDataException>(() => SubmissionFile.Read(Path.Combine(_dir, "none.csv"), MeijuLabels.Emotion, MeijuLabels.Intent));
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
