using System.IO.Compression;
using Meiju.Data;
using Meiju.Labels;
using Meiju.Metrics;
using Meiju.Synthetic;

namespace Meiju.Training.Tests;

public class SubmissionAndAblationTests
{
    [Fact]
    public void Submission_lists_every_test_utterance_with_string_labels_and_is_zipped()
    {
        using var data = new SyntheticRun(train: 64, valid: 32, test: 20);
        Trainer.Run(SyntheticRun.Config(joint: false, stage1: 2), new TrainingRunOptions { DataRoot = data.Root, OutDir = data.RunDir("m"), Cpu = true, Threads = 1, Charts = false });
        using var model = TrainedModel.Load(data.RunDir("m"), cpu: true);
        var result = Submission.Write(model, data.Root, null, MeijuSplit.Test, data.RunDir("sub"));

        var lines = File.ReadAllLines(result.Csv);
        Assert.Equal("filename,emo_pred,int_pred", lines[0]);
        var test = LabelListFile.Read(Path.Combine(data.Root, "Testing_files.txt"), MeijuLabels.Emotion, MeijuLabels.Intent);
        Assert.Equal(test.Select(u => u.Name + ".mp4"), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(lines.Skip(1), l => Assert.True(MeijuLabels.Emotion.Contains(l.Split(',')[1]) && MeijuLabels.Intent.Contains(l.Split(',')[2])));

        using (var zip = ZipFile.OpenRead(result.Zip))
        {
            var entry = Assert.Single(zip.Entries);
            Assert.Equal("submission.csv", entry.FullName);
            using var reader = new StreamReader(entry.Open());
            Assert.Equal(File.ReadAllText(result.Csv), reader.ReadToEnd());
        }

        // The hidden answers score the file like the challenge would.
        var report = PredictionEvaluator.Evaluate(result.Csv, Path.Combine(data.Root, SyntheticMeijuGenerator.TestAnswersFile), ChallengeTrack.Track2);
        Assert.Equal(20, report.Samples);
    }

    [Fact]
    public void Ablation_grid_reports_mean_and_std_per_cell_and_reuses_finished_runs()
    {
        using var data = new SyntheticRun(train: 48, valid: 24);
        var config = SyntheticRun.Config(stage1: 1, stage2: 1);
        var options = new AblationOptions { DataRoot = data.Root, OutDir = data.RunDir("grid"), Seeds = 2, Subsets = ["V", "AT"], Cpu = true, Threads = 1 };
        var rows = Ablation.Run(config, options);

        Assert.Equal(4, rows.Count);
        Assert.Equal([("V", false), ("V", true), ("AT", false), ("AT", true)], rows.Select(r => (r.Modalities, r.Joint)));
        Assert.All(rows, r => Assert.Equal(2, r.Runs));
        Assert.All(rows, r => Assert.InRange(r.Jrbm.Mean, 0, 1));
        Assert.True(rows[1].Parameters > rows[0].Parameters, "the joint module adds parameters");
        Assert.True(rows[2].Parameters > rows[0].Parameters, "two modalities have more parameters than one");
        var md = File.ReadAllText(Path.Combine(data.RunDir("grid"), "ablation.md"));
        Assert.Contains("±", md);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(data.RunDir("grid"), "ablation.csv")).Length);

        var card = Path.Combine(data.RunDir("grid"), "V-joint", "seed1", TrainedModel.CardFile);
        var stamp = File.GetLastWriteTimeUtc(card);
        var again = Ablation.Run(config, options);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(card));
        Assert.Equal(rows.Select(r => r.Jrbm), again.Select(r => r.Jrbm));
    }
}
