using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Meiju.Inference;

/// <summary>Writes a <see cref="PredictionBatch"/> as JSON or CSV (the table is the CLI's).</summary>
public static class PredictionReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>JSON: summary, then per clip the probabilities, contributions, text, warnings and stage seconds (no images).</summary>
    public static string ToJson(PredictionBatch batch) => JsonSerializer.Serialize(new
    {
        model = batch.Model,
        clips = batch.Items.Count,
        failed = batch.Failed,
        withGoldEmotion = batch.WithGold,
        emotionsRight = batch.EmotionsRight,
        items = batch.Items.Select(i => new
        {
            clip = Path.GetFileName(i.Path),
            path = i.Path,
            error = i.Error,
            goldEmotion = i.GoldEmotion,
            emotionCorrect = i.EmotionCorrect,
            emotion = i.Analysis?.TopEmotion.Label,
            intent = i.Analysis?.TopIntent.Label,
            emotionProbabilities = i.Analysis?.Emotion.ToDictionary(p => p.Label, p => Math.Round(p.Probability, 4)),
            intentProbabilities = i.Analysis?.Intent.ToDictionary(p => p.Label, p => Math.Round(p.Probability, 4)),
            contributions = i.Analysis?.Contributions.Select(c => new { c.Modality, c.Present, emotionDelta = Math.Round(c.EmotionDelta, 4), intentDelta = Math.Round(c.IntentDelta, 4) }),
            text = i.Analysis?.Text,
            faces = i.Analysis?.FacePngs.Count,
            // Text-only input has no duration (NaN), which JSON cannot hold: null says "none".
            durationSeconds = i.Analysis?.DurationSeconds is { } d && double.IsFinite(d) ? d : (double?)null,
            stageSeconds = i.Analysis?.StageSeconds.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4)),
            warnings = i.Analysis?.Warnings,
        }),
    }, Json) + "\n";

    /// <summary>CSV: one row per clip (clip, emotion, p, intent, p, per-modality deltas, gold, correct, error).</summary>
    public static string ToCsv(PredictionBatch batch)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("clip,emotion,emotion_p,intent,intent_p,V_present,V_emotion_delta,A_present,A_emotion_delta,T_present,T_emotion_delta,gold_emotion,emotion_correct,text,warnings,error\n");
        foreach (var i in batch.Items)
        {
            var a = i.Analysis;
            string Delta(string m)
            {
                var x = a?.Contributions.FirstOrDefault(k => k.Modality == m);
                return x is null ? "," : string.Create(c, $"{(x.Present ? "1" : "0")},{x.EmotionDelta:0.####}");
            }

            sb.Append(Quote(Path.GetFileName(i.Path))).Append(',')
              .Append(a is null ? "," : string.Create(c, $"{a.TopEmotion.Label},{a.TopEmotion.Probability:0.####}")).Append(',')
              .Append(a is null ? "," : string.Create(c, $"{a.TopIntent.Label},{a.TopIntent.Probability:0.####}")).Append(',')
              .Append(Delta("V")).Append(',').Append(Delta("A")).Append(',').Append(Delta("T")).Append(',')
              .Append(i.GoldEmotion ?? "").Append(',')
              .Append(i.EmotionCorrect is { } ok ? (ok ? "1" : "0") : "").Append(',')
              .Append(Quote(a?.Text ?? "")).Append(',')
              .Append(Quote(string.Join("; ", a?.Warnings ?? []))).Append(',')
              .Append(Quote(i.Error ?? "")).Append('\n');
        }

        return sb.ToString();
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
