using CsvHelper;
using Meiju.Labels;

namespace Meiju.Data;

/// <summary>
/// Reads and writes the MEIJU transcription CSVs (<c>Training_transcription.csv</c>, ...): a header row with
/// <c>FileName, sentence, emotion, intent</c>, RFC 4180 quoting (commas, quotes and line breaks inside sentences).
/// Header names match case-insensitively; the label columns are optional (test files carry none).
/// </summary>
public static class TranscriptionCsv
{
    private static readonly string[] NameHeaders = ["FileName", "file_name", "filename", "name", "utterance_id"];
    private static readonly string[] SentenceHeaders = ["sentence", "text", "utterance", "transcription"];
    private static readonly string[] EmotionHeaders = ["emotion", "emo", "emo_label"];
    private static readonly string[] IntentHeaders = ["intent", "int", "int_label"];

    /// <summary>Candidate file names of each split's transcription, official first.</summary>
    public static IReadOnlyList<string> FileNames(MeijuSplit split) => split switch
    {
        MeijuSplit.Train => ["Training_transcription.csv", "train_transcription.csv"],
        MeijuSplit.Valid => ["Validation_transcription.csv", "valid_transcription.csv"],
        _ => ["Testing_transcription.csv", "test_transcription.csv"],
    };

    /// <summary>Finds the transcription of <paramref name="split"/> in <paramref name="root"/>, or null when absent.</summary>
    public static string? Find(string root, MeijuSplit split) =>
        FileNames(split).Select(n => Path.Combine(root, n)).FirstOrDefault(File.Exists);

    /// <summary>Reads a transcription CSV.</summary>
    /// <exception cref="MeijuDataException">
    /// Missing file or column, malformed quoting, wrong field count, unknown label, duplicate name, or no rows;
    /// the message names the file and the line.
    /// </exception>
    public static IReadOnlyList<TranscriptionRow> Read(string path, LabelSet emotion, LabelSet intent)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "transcription CSV not found");
        }

        var options = CsvReaderOptions.Default with
        {
            HasHeader = true,
            TrackLineNumbers = true,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
        };

        var rows = new List<TranscriptionRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var reader = CsvReader.FromFile(path, options);
            reader.ReadHeader();
            var headers = reader.Headers.ToArray();
            if (headers.Length == 0)
            {
                throw new MeijuDataException(path, "empty file, expected a header 'FileName,sentence,emotion,intent'", 1);
            }

            var nameCol = Column(headers, NameHeaders);
            var sentenceCol = Column(headers, SentenceHeaders);
            var emotionCol = Column(headers, EmotionHeaders);
            var intentCol = Column(headers, IntentHeaders);
            if (nameCol < 0 || sentenceCol < 0)
            {
                throw new MeijuDataException(path, $"header must name a FileName and a sentence column, found: {string.Join(", ", headers)}", 1);
            }

            while (reader.Read())
            {
                var line = checked((int)reader.LineNumber);
                var name = LabelListFile.StripExtension(reader.GetString(nameCol).Trim());
                if (name.Length == 0)
                {
                    throw new MeijuDataException(path, "empty FileName", line);
                }

                if (!seen.Add(name))
                {
                    throw new MeijuDataException(path, $"utterance '{name}' is listed twice", line);
                }

                var e = Label(reader, emotionCol, emotion, "emotion", path, line);
                var i = Label(reader, intentCol, intent, "intent", path, line);
                rows.Add(new TranscriptionRow(name, reader.GetString(sentenceCol), e, i, line));
            }
        }
        catch (CsvFormatException ex)
        {
            var line = ex.LineNumber > 0 ? (int?)checked((int)ex.LineNumber) : null;
            throw new MeijuDataException(path, "malformed CSV: " + ex.Message, line, ex);
        }

        if (rows.Count == 0)
        {
            throw new MeijuDataException(path, "transcription CSV has a header but no rows");
        }

        return rows;
    }

    /// <summary>
    /// Writes a transcription CSV with the official header, quoting as RFC 4180 requires, atomically. Unlabelled
    /// rows get empty label cells.
    /// </summary>
    public static void Write(string path, IEnumerable<TranscriptionRow> rows, LabelSet emotion, LabelSet intent)
    {
        var options = CsvWriterOptions.Default with { NewLine = "\n" };
        AtomicFile.Write(path, stream =>
        {
            using var writer = CsvWriter.Create(stream, options, leaveOpen: true);
            writer.WriteHeader(["FileName", "sentence", "emotion", "intent"]);
            foreach (var row in rows)
            {
                writer.WriteRecord([
                    row.Name,
                    row.Sentence,
                    row.Emotion >= 0 ? emotion[row.Emotion] : string.Empty,
                    row.Intent >= 0 ? intent[row.Intent] : string.Empty,
                ]);
            }
        });
    }

    private static int Column(string[] headers, string[] candidates)
    {
        foreach (var c in candidates)
        {
            var i = Array.FindIndex(headers, h => string.Equals(h.Trim(), c, StringComparison.OrdinalIgnoreCase));
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Label(CsvReader reader, int column, LabelSet set, string what, string path, int line)
    {
        if (column < 0)
        {
            return -1;
        }

        var text = reader.GetString(column).Trim();
        if (text.Length == 0)
        {
            return -1;
        }

        var index = set.IndexOf(text);
        return index >= 0
            ? index
            : throw new MeijuDataException(path, $"unknown {what} label '{text}' (expected one of: {string.Join(", ", set.Classes)})", line);
    }
}
