namespace Meiju.Data;

/// <summary>
/// One split of a <see cref="MeijuDataset"/>: its utterances and labels, read up front, and its features, read
/// from disk only when asked for.
/// </summary>
public sealed class MeijuSplitData
{
    private readonly MeijuDataset _dataset;
    private readonly Lazy<IReadOnlyList<TranscriptionRow>?> _transcriptions;

    internal MeijuSplitData(MeijuDataset dataset, MeijuSplit split, string labelFile, IReadOnlyList<LabelledUtterance> utterances, string? transcriptionFile)
    {
        _dataset = dataset;
        Split = split;
        LabelFile = labelFile;
        Utterances = utterances;
        TranscriptionFile = transcriptionFile;
        _transcriptions = new Lazy<IReadOnlyList<TranscriptionRow>?>(() => transcriptionFile is null
            ? null
            : TranscriptionCsv.Read(transcriptionFile, dataset.Emotion, dataset.Intent));
    }

    /// <summary>Which split this is.</summary>
    public MeijuSplit Split { get; }

    /// <summary>The label list it was read from.</summary>
    public string LabelFile { get; }

    /// <summary>Utterances in list order; test utterances carry no labels (-1).</summary>
    public IReadOnlyList<LabelledUtterance> Utterances { get; }

    /// <summary>Number of utterances.</summary>
    public int Count => Utterances.Count;

    /// <summary>The split's transcription CSV, when the dataset root has one.</summary>
    public string? TranscriptionFile { get; }

    /// <summary>The transcription rows (read on first use), or null without a CSV.</summary>
    /// <exception cref="MeijuDataException">The CSV is malformed.</exception>
    public IReadOnlyList<TranscriptionRow>? Transcriptions => _transcriptions.Value;

    /// <summary>Reads the features of utterance <paramref name="index"/> from disk.</summary>
    /// <exception cref="MeijuDataException">A feature file is missing, malformed or not [T, D].</exception>
    public UtteranceFeatures LoadFeatures(int index) => _dataset.LoadFeatures(Utterances[index]);
}
