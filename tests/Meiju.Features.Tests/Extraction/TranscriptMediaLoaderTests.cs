using Meiju.Data;
using Meiju.Features.Extraction;
using Meiju.IO;
using Meiju.Labels;

namespace Meiju.Features.Tests.Extraction;

public sealed class TranscriptMediaLoaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "meiju-transcripts-" + Guid.NewGuid().ToString("N")[..10]);

    public TranscriptMediaLoaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteDataset()
    {
        var root = Path.Combine(_dir, "dd");
        Directory.CreateDirectory(root);
        var emotion = LabelSetCatalog.Get("dailydialog-emotion");
        var act = LabelSetCatalog.Get("dailydialog-act");
        DatasetLabelSets.Write(root, emotion, act);
        TranscriptionCsv.Write(Path.Combine(root, "Training_transcription.csv"),
        [
            new TranscriptionRow("dd-train-d00000-t00", "I am so happy today", emotion.IndexOf("happy"), act.IndexOf("inform")),
            new TranscriptionRow("dd-train-d00000-t01", "Why, what happened?", emotion.IndexOf("neutral"), act.IndexOf("question")),
        ], emotion, act);
        TranscriptionCsv.Write(Path.Combine(root, "Validation_transcription.csv"),
            [new TranscriptionRow("v1.2", "Close the door , please .", emotion.IndexOf("neutral"), act.IndexOf("directive"))], emotion, act);
        return root;
    }

    [Fact]
    public async Task Encodes_every_sentence_of_a_dataset_folder_and_resumes()
    {
        var root = WriteDataset();
        var loader = new TranscriptMediaLoader([root]);
        Assert.Equal(3, loader.Count);
        var tokens = new FeatureRegistry().Create("minilm_tokens");
        var outDir = Path.Combine(_dir, "features");

        var first = await new FeatureExtractionJob(loader, [tokens], new ExtractionJobOptions(outDir, 2)).RunAsync(loader.Inputs);

        Assert.Equal(3, first.Completed);
        // [CLS] i am so happy today [SEP]; a name with a dot keeps it.
        Assert.Equal([7, 384], NpyFile.Read(Path.Combine(outDir, "minilm_tokens", "dd-train-d00000-t00.npy")).Shape);
        Assert.True(File.Exists(Path.Combine(outDir, "minilm_tokens", "v1.2.npy")));
        var direct = tokens.Extract(await loader.LoadAsync(loader.Inputs[1]));
        Assert.Equal(direct.Data, NpyFile.Read(Path.Combine(outDir, "minilm_tokens", "dd-train-d00000-t01.npy")).Data);

        File.Delete(Path.Combine(outDir, "minilm_tokens", "v1.2.npy"));
        var second = await new FeatureExtractionJob(loader, [tokens], new ExtractionJobOptions(outDir, 1)).RunAsync(loader.Inputs);
        Assert.Equal(2, second.Skipped);
        Assert.Equal(1, second.Completed);
    }

    [Fact]
    public void Duplicate_names_across_csvs_and_missing_paths_are_reported()
    {
        var root = WriteDataset();
        var csv = Path.Combine(root, "Training_transcription.csv");
        var ex = Assert.Throws<MeijuDataException>(() => new TranscriptMediaLoader([csv, csv]));
        Assert.Contains("dd-train-d00000-t00", ex.Message, StringComparison.Ordinal);
        Assert.Throws<MeijuDataException>(() => new TranscriptMediaLoader([Path.Combine(_dir, "nope.csv")]));
        Assert.Throws<MeijuDataException>(() => new TranscriptMediaLoader([_dir]));
    }
}
