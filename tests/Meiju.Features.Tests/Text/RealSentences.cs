using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using Meiju.Data;
using Meiju.Data.Importers;

namespace Meiju.Features.Tests.Text;

/// <summary>Real sentences read from ../shared/data at test time (never copied into the repository).</summary>
internal static class RealSentences
{
    public const string Meld = "meld-text/dev_sent_emo.csv";
    public const string DailyDialog = "dailydialog/validation";
    public const string EmotionTalk = "emotiontalk-text/transcription.csv";

    /// <summary>MELD dev utterances in file order.</summary>
    public static IReadOnlyList<string> MeldDev() =>
        MeldImporter.Read(SharedData.PathOf("meld-text"), MeijuSplit.Valid, []).Select(u => u.Sentence).ToList();

    /// <summary>DailyDialog validation utterances in file order.</summary>
    public static IReadOnlyList<string> DailyDialogValidation() =>
        DailyDialogImporter.Read(SharedData.PathOf("dailydialog"), MeijuSplit.Valid, []).Select(u => u.Sentence).ToList();

    /// <summary>The first <paramref name="count"/> Mandarin transcripts of EmotionTalk, markup and all.</summary>
    public static IReadOnlyList<string> EmotionTalkChinese(int count)
    {
        using var reader = CsvReader.FromFile(SharedData.PathOf(EmotionTalk), CsvReaderOptions.Default with { HasHeader = true, AllowLineBreaksInQuotes = true });
        reader.ReadHeader();
        var column = Array.IndexOf(reader.Headers.ToArray(), "chinese");
        Assert.True(column >= 0, "EmotionTalk transcription.csv has no 'chinese' column");
        var texts = new List<string>();
        while (texts.Count < count && reader.Read())
        {
            texts.Add(reader.GetString(column));
        }

        return texts;
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the UTF-8 text (how fixtures name sentences).</summary>
    public static string Sha16(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();

    /// <summary>The full SHA-256 of the UTF-8 text in lower-case hex.</summary>
    public static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
