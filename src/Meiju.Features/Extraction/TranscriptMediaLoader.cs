using Meiju.Data;
using Meiju.Media;

namespace Meiju.Features.Extraction;

/// <summary>
/// Serves utterance text from MEIJU transcription CSVs as media with one text stream (<c>transcript</c>), so the
/// extraction job (resume, shards, per-item errors, timings) encodes text without any video.
/// </summary>
/// <remarks>
/// The job names items by file name without extension, so each utterance is listed as the pseudo path
/// <c>&lt;name&gt;.txt</c> (<see cref="Inputs"/>): names may then contain dots.
/// </remarks>
public sealed class TranscriptMediaLoader : IMediaLoader
{
    private const string PseudoExtension = ".txt";
    private readonly Dictionary<string, (string Sentence, string Csv)> _texts = new(StringComparer.Ordinal);
    private readonly List<string> _inputs = [];

    /// <summary>Reads every CSV of <paramref name="transcripts"/> (files, or dataset folders holding <c>*_transcription.csv</c>).</summary>
    /// <exception cref="MeijuDataException">A CSV is missing or malformed, a folder holds none, or two rows share a name.</exception>
    public TranscriptMediaLoader(IEnumerable<string> transcripts)
    {
        foreach (var csv in Expand(transcripts))
        {
            // The dataset's labelsets.json tells which label names its CSV uses; the labels themselves are not needed.
            var (emotion, intent) = DatasetLabelSets.Read(Path.GetDirectoryName(Path.GetFullPath(csv))!);
            foreach (var row in TranscriptionCsv.Read(csv, emotion, intent))
            {
                if (!_texts.TryAdd(row.Name, (row.Sentence, csv)))
                {
                    throw new MeijuDataException(csv, $"utterance '{row.Name}' is also in {_texts[row.Name].Csv}; feature files would collide", row.Line);
                }

                _inputs.Add(row.Name + PseudoExtension);
            }
        }
    }

    /// <summary>One pseudo path per utterance, in CSV order, to pass to <see cref="FeatureExtractionJob.RunAsync"/>.</summary>
    public IReadOnlyList<string> Inputs => _inputs;

    /// <summary>Number of utterances read.</summary>
    public int Count => _inputs.Count;

    /// <summary>The CSV files a list of files and dataset folders stands for.</summary>
    /// <exception cref="MeijuDataException">A path does not exist, or a folder holds no transcription CSV.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> transcripts)
    {
        var files = new List<string>();
        foreach (var path in transcripts)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Enum.GetValues<MeijuSplit>().Select(s => TranscriptionCsv.Find(path, s)).OfType<string>().ToList();
                files.AddRange(found.Count > 0 ? found : throw new MeijuDataException(path, "no transcription CSV (Training_transcription.csv, ...) in this folder"));
            }
            else
            {
                throw new MeijuDataException(path, "transcription CSV or dataset folder not found");
            }
        }

        return files;
    }

    /// <inheritdoc />
    public Task<UtteranceMedia> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var name = path.EndsWith(PseudoExtension, StringComparison.Ordinal) ? path[..^PseudoExtension.Length] : path;
        if (!_texts.TryGetValue(name, out var entry))
        {
            throw new MeijuDataException(path, "utterance not found in the transcription CSVs");
        }

        var texts = new Dictionary<string, string> { ["transcript"] = entry.Sentence };
        return Task.FromResult(new UtteranceMedia(name, entry.Csv, [], null, [], texts));
    }
}
