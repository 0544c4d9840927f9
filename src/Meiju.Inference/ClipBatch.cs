using Meiju.Media;
using Meiju.Media.Decoding;

namespace Meiju.Inference;

/// <summary>Runs an analyzer over many clips: per-clip errors are recorded and the batch goes on.</summary>
public static class ClipBatch
{
    /// <summary>Extensions a folder scan picks up (the same set a single path is accepted with).</summary>
    public static IReadOnlySet<string> MediaExtensions => MediaFileTypes.All;

    /// <summary>The clips of <paramref name="input"/>: the file itself, or a folder's media files (sorted, not recursive).</summary>
    /// <exception cref="MeijuDataException">Neither a file nor a folder, or a folder without media files.</exception>
    public static IReadOnlyList<string> Clips(string input)
    {
        if (Directory.Exists(input))
        {
            var files = Directory.GetFiles(input).Where(f => MediaExtensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();
            return files.Count > 0 ? files : throw new MeijuDataException(input, $"folder has no media files ({string.Join(", ", MediaExtensions.Order())})");
        }

        MediaProber.CheckFile(input);
        return [input];
    }

    /// <summary>A text-only batch of one item named <paramref name="name"/>: no media, the text is the utterance.</summary>
    public static PredictionBatch RunText(ClipAnalyzer analyzer, string model, string text, string name = "transcript")
    {
        try
        {
            return new PredictionBatch(model, [new ClipPrediction(name, analyzer.AnalyzeText(name, text), null, null)]);
        }
        catch (MeijuDataException ex)
        {
            return new PredictionBatch(model, [new ClipPrediction(name, null, ex.Message, null)]);
        }
    }

    /// <summary>Analyses every clip; reports (done, total) after each.</summary>
    public static PredictionBatch Run(IClipAnalyzer analyzer, string model, IReadOnlyList<string> clips, string? transcript = null,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var items = new List<ClipPrediction>(clips.Count);
        foreach (var clip in clips)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                items.Add(new ClipPrediction(clip, analyzer.Analyze(clip, transcript, cancel), null, CremaD.GoldEmotion(clip)));
            }
            catch (MeijuDataException ex)
            {
                items.Add(new ClipPrediction(clip, null, ex.Message, CremaD.GoldEmotion(clip)));
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or Meiju.Features.FeatureInputMissingException)
            {
                items.Add(new ClipPrediction(clip, null, $"{clip}: {ex.Message}", CremaD.GoldEmotion(clip)));
            }

            progress?.Report((items.Count, clips.Count));
        }

        return new PredictionBatch(model, items);
    }
}
