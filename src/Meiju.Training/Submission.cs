using System.IO.Compression;
using Meiju.Data;

namespace Meiju.Training;

/// <summary>Writes the challenge's submission: <c>submission.csv</c> (filename, emo_pred, int_pred as label strings) and a zip of it.</summary>
public static class Submission
{
    /// <summary>
    /// Predicts <paramref name="split"/> (the test list by default; names only) with <paramref name="model"/> and
    /// writes <c>submission.csv</c> and <c>submission.zip</c> into <paramref name="outDir"/>, each atomically.
    /// </summary>
    /// <exception cref="MeijuDataException">Missing or empty list, or features that do not fit the model.</exception>
    public static SubmissionResult Write(TrainedModel model, string dataRoot, string? featureRoot, MeijuSplit split, string outDir, int batchSize = 32)
    {
        var data = TrainingSplit.Open(dataRoot, featureRoot, split, model.Streams, requireLabels: false);
        var predictions = model.Predict(data, batchSize);
        Directory.CreateDirectory(outDir);
        var csv = Path.Combine(outDir, "submission.csv");
        SubmissionFile.Write(csv, predictions.Rows(), data.EmotionLabels, data.IntentLabels);
        var zip = Path.Combine(outDir, "submission.zip");
        AtomicFile.Write(zip, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            archive.CreateEntryFromFile(csv, "submission.csv", CompressionLevel.Optimal);
        });
        return new SubmissionResult(csv, zip, predictions.Names.Count, predictions);
    }
}
