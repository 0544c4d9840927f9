namespace Meiju.Tests.Cli;

/// <summary>A small MEIJU layout and predictions in a temporary folder, removed on dispose.</summary>
public sealed class TempLayout : IDisposable
{
    public TempLayout()
    {
        Root = Directory.CreateTempSubdirectory("meiju-cli-").FullName;
        Write("Training_files.txt",
            "t1.mp4 neutral neutral", "t2.mp4 neutral questioning", "t3.mp4 happy questioning", "t4.mp4 sad agreeing");
        Write("Validation_files.txt",
            "v1.mp4 neutral questioning", "v2.mp4 happy neutral", "v3.mp4 neutral neutral", "v4.mp4 anger wishing");
        Write("Testing_files.txt", "x1.mp4", "x2.mp4");
        Predictions = Write("predictions.csv",
            "filename,emo_pred,int_pred", "v1.mp4,neutral,questioning", "v2,happy,questioning", "v3,neutral,neutral", "v4,neutral,wishing");
    }

    public string Root { get; }

    public string Labels => Path.Combine(Root, "Validation_files.txt");

    public string Predictions { get; }

    public string Write(string name, params string[] lines)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
