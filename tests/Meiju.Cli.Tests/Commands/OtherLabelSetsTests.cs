using System.Text.Json;
using Meiju.Cli;
using Meiju.Data;
using Meiju.Labels;

namespace Meiju.Tests.Cli.Commands;

/// <summary>
/// Datasets with other label sets than MEIJU's (MIntRec's 20 intents, MELD's placeholder, DailyDialog's acts) and
/// labelled test splits go through synth → train → evaluate → submit with class names from the dataset's sets.
/// </summary>
public sealed class OtherLabelSetsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "meiju-cli-labelsets-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData("none", "mintrec-intent")]
    [InlineData("dailydialog-emotion", "dailydialog-act")]
    [InlineData("meld-emotion", "none")]
    public void Train_evaluate_and_submit_name_the_dataset_classes(string emotionSet, string intentSet)
    {
        var emotion = LabelSetCatalog.Get(emotionSet);
        var intent = LabelSetCatalog.Get(intentSet);
        var data = Synth(emotionSet, intentSet);
        var run = Path.Combine(_root, "run");
        var (code, output) = CliHarness.Run("train", "--config", Config(emotion, intent), "--data", data, "--out", run, "--seed", "2", "--threads", "1", "--cpu");
        Assert.True(code == 0, output);

        (code, output) = CliHarness.Run("evaluate", "--model", run, "--data", data, "--split", "valid", "--cpu", "--json", Path.Combine(_root, "report.json"));
        Assert.True(code == 0, output);
        AssertNamesFrom(Path.Combine(run, "predictions-valid.csv"), emotion, intent);
        var gold = LabelListFile.Read(LabelListFile.Find(data, MeijuSplit.Valid)!, emotion, intent);
        Assert.Contains(intent[gold[0].Intent], output, StringComparison.Ordinal);
        Assert.Contains(emotion[gold[0].Emotion], output, StringComparison.Ordinal);

        (code, output) = CliHarness.Run("submit", "--model", run, "--data", data, "--out", Path.Combine(_root, "sub"), "--cpu");
        Assert.True(code == 0, output);
        AssertNamesFrom(Path.Combine(_root, "sub", "submission.csv"), emotion, intent);
    }

    [Fact]
    public void A_labelled_test_split_is_scored_like_any_other()
    {
        var data = Synth("none", "mintrec-intent");
        var run = Path.Combine(_root, "run");
        var (code, output) = CliHarness.Run("train", "--config", Config(LabelSetCatalog.Get("none"), LabelSetCatalog.Get("mintrec-intent")), "--data", data, "--out", run, "--seed", "2", "--threads", "1", "--cpu");
        Assert.True(code == 0, output);

        // The field's held-back test lists carry labels once released: the validation list stands in for one here.
        File.Copy(LabelListFile.Find(data, MeijuSplit.Valid)!, Path.Combine(data, LabelListFile.FileNames(MeijuSplit.Test)[0]), overwrite: true);
        var validJson = Path.Combine(_root, "valid.json");
        var testJson = Path.Combine(_root, "test.json");
        (code, output) = CliHarness.Run("evaluate", "--model", run, "--data", data, "--split", "valid", "--cpu", "--json", validJson);
        Assert.True(code == 0, output);
        (code, output) = CliHarness.Run("evaluate", "--model", run, "--data", data, "--split", "test", "--cpu", "--json", testJson);
        Assert.True(code == 0, output);
        Assert.Equal(Jrbm(validJson), Jrbm(testJson), 12);
    }

    [Fact]
    public void An_unlabelled_test_split_says_how_to_score_it()
    {
        var data = Synth("none", "mintrec-intent");
        var run = Path.Combine(_root, "run");
        var (code, output) = CliHarness.Run("train", "--config", Config(LabelSetCatalog.Get("none"), LabelSetCatalog.Get("mintrec-intent")), "--data", data, "--out", run, "--seed", "2", "--threads", "1", "--cpu");
        Assert.True(code == 0, output);
        var (exit, _, stderr) = CliHarness.RunBinary("evaluate", "--model", run, "--data", data, "--split", "test", "--cpu");
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Contains("names only", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_with_fewer_outputs_than_the_dataset_has_classes_is_refused_before_training()
    {
        var data = Synth("none", "mintrec-intent");
        var run = Path.Combine(_root, "run");
        var (code, _, stderr) = CliHarness.RunBinary("train", "--config", Config(LabelSetCatalog.Get("none"), MeijuLabels.Intent), "--data", data, "--out", run, "--cpu");
        Assert.Equal(CliErrors.BadInput, code);
        Assert.Contains("\"intentClasses\": 20", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, "model.json")));
    }

    [Fact]
    public void Evaluate_predictions_reads_the_label_sets_beside_the_labels()
    {
        var data = Synth("none", "mintrec-intent");
        var labels = LabelListFile.Find(data, MeijuSplit.Valid)!;
        var intent = LabelSetCatalog.Get("mintrec-intent");
        var rows = LabelListFile.Read(labels, LabelSetCatalog.Get("none"), intent);
        var predictions = Path.Combine(_root, "pred.csv");
        SubmissionFile.Write(predictions, rows.Select(u => new UtterancePrediction(u.Name, u.Emotion, u.Intent)).ToList(), LabelSetCatalog.Get("none"), intent);
        var json = Path.Combine(_root, "gold.json");
        var (code, output) = CliHarness.Run("evaluate", "--predictions", predictions, "--labels", labels, "--track", "2", "--json", json);
        Assert.True(code == 0, output);
        Assert.Equal(1.0, JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("intent_score").GetDouble(), 9);
    }

    [Fact]
    public void Bench_text_without_an_excluded_emotion_writes_its_scores_and_says_not_applicable()
    {
        var data = Synth("dailydialog-emotion", "dailydialog-act");
        var out_ = Path.Combine(_root, "bench");
        var config = Config(LabelSetCatalog.Get("dailydialog-emotion"), LabelSetCatalog.Get("dailydialog-act"));
        var (code, output) = CliHarness.Run("bench", "text", "--config", config, "--data", data, "--out", out_,
            "--exclude-emotion", "none", "--seeds", "1", "--epochs", "1", "--threads", "1", "--cpu");
        Assert.True(code == 0, output);
        Assert.Contains("n/a", File.ReadAllText(Path.Combine(out_, "text-benchmark.md")), StringComparison.Ordinal);

        // A second run reads the stored scores (NaN included) back instead of training again.
        (code, output) = CliHarness.Run("bench", "text", "--config", config, "--data", data, "--out", out_,
            "--exclude-emotion", "none", "--seeds", "1", "--epochs", "1", "--threads", "1", "--cpu");
        Assert.True(code == 0, output);
    }

    private string Synth(string emotionSet, string intentSet)
    {
        var data = Path.Combine(_root, "data");
        var (code, output) = CliHarness.Run("dataset", "synth", "--out", data, "--train", "48", "--valid", "24", "--test", "12",
            "--emotion-labels", emotionSet, "--intent-labels", intentSet, "-f", "aud:12:6-14", "-f", "txt:16:2-9");
        Assert.True(code == 0, output);
        return data;
    }

    private string Config(LabelSet emotion, LabelSet intent)
    {
        var path = Path.Combine(_root, "tiny.json");
        File.WriteAllText(path, $$"""
            {
              "name": "tiny",
              "model": {
                "name": "tiny", "stage": "joint", "hidden": 16,
                "emotionClasses": {{Math.Max(2, emotion.Count)}}, "intentClasses": {{Math.Max(2, intent.Count)}},
                "features": { "aud": 12, "txt": 16 },
                "streams": [
                  { "name": "A", "modality": "A", "feature": "aud", "encoder": { "type": "lstm", "hidden": 16 } },
                  { "name": "L", "modality": "T", "feature": "txt", "encoder": { "type": "textcnn", "hidden": 16, "channels": 8, "dropout": 0.1 } }
                ],
                "tokenOrder": ["A", "L"],
                "fusion": { "layers": 1, "heads": 2, "ffn": 32, "dropout": 0.1 },
                "interaction": { "heads": 1 },
                "classifier": { "layers": [16], "dropout": 0.1 }
              },
              "training": { "batchSize": 16, "learningRate": 0.005, "stage1": { "niter": 1, "niterDecay": 0 }, "stage2": { "niter": 1, "niterDecay": 0 } }
            }
            """);
        return path;
    }

    private static void AssertNamesFrom(string csv, LabelSet emotion, LabelSet intent)
    {
        var rows = File.ReadAllLines(csv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.InRange(emotion.IndexOf(r[1]), 0, emotion.Count - 1);
            Assert.InRange(intent.IndexOf(r[2]), 0, intent.Count - 1);
        });
    }

    private static double Jrbm(string json) => JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("jrbm").GetDouble();
}
