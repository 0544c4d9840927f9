using Meiju.Data;
using Meiju.Labels;
using Meiju.Metrics;
using Meiju.Model;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>Predicted class indices for a split; gold labels are -1 for unlabelled (test) utterances.</summary>
/// <param name="Names">Utterance names in split order.</param>
/// <param name="Emotion">Predicted emotion indices.</param>
/// <param name="Intent">Predicted intent indices.</param>
/// <param name="GoldEmotion">Gold emotion indices (-1 when unlabelled).</param>
/// <param name="GoldIntent">Gold intent indices (-1 when unlabelled).</param>
public sealed record Predictions(IReadOnlyList<string> Names, int[] Emotion, int[] Intent, int[] GoldEmotion, int[] GoldIntent)
{
    /// <summary>True when every utterance has gold labels.</summary>
    public bool IsLabelled => GoldEmotion.All(g => g >= 0) && GoldIntent.All(g => g >= 0);

    /// <summary>The predictions as the submission format's rows.</summary>
    public IReadOnlyList<UtterancePrediction> Rows() =>
        Names.Select((n, k) => new UtterancePrediction(n, Emotion[k], Intent[k])).ToArray();

    /// <summary>Scores labelled predictions for <paramref name="track"/> with the metrics library.</summary>
    /// <exception cref="ArgumentException">Some utterance has no gold labels.</exception>
    public JointReport Report(ChallengeTrack track)
    {
        if (!IsLabelled)
        {
            throw new ArgumentException("cannot score a split without gold labels (test lists carry names only)");
        }

        return JointReport.Compute(track, GoldEmotion, Emotion, GoldIntent, Intent, MeijuLabels.Emotion, MeijuLabels.Intent);
    }
}

/// <summary>Runs a model over a split and scores it the challenge's way.</summary>
public static class Evaluator
{
    /// <summary>Predicts every utterance of <paramref name="split"/> in list order (eval mode, no gradients).</summary>
    public static Predictions Predict(MeijuModel model, TrainingSplit split, Device device, int batchSize, int minFrames)
    {
        model.eval();
        var emo = new int[split.Count];
        var intent = new int[split.Count];
        using (no_grad())
        {
            var order = Enumerable.Range(0, split.Count).ToArray();
            var at = 0;
            foreach (var idx in EpochOrder.Batches(order, batchSize))
            {
                using var scope = NewDisposeScope();
                using var batch = BatchBuilder.Build(split, idx, device, minFrames);
                var output = model.forward(batch.Input);
                var e = output.Emotion.argmax(1).cpu().data<long>().ToArray();
                var i = output.Intent.argmax(1).cpu().data<long>().ToArray();
                for (var k = 0; k < idx.Length; k++)
                {
                    emo[at + k] = (int)e[k];
                    intent[at + k] = (int)i[k];
                }

                at += idx.Length;
            }
        }

        return new Predictions(
            split.Items.Select(u => u.Name).ToArray(),
            emo,
            intent,
            split.Items.Select(u => u.Emotion).ToArray(),
            split.Items.Select(u => u.Intent).ToArray());
    }

    /// <summary>The compact per-epoch scores of a report.</summary>
    public static SplitScores Scores(JointReport report) => new()
    {
        EmotionWeightedF1 = report.Emotion.Weighted.F1,
        IntentWeightedF1 = report.Intent.Weighted.F1,
        EmotionMicroF1 = report.Emotion.Micro.F1,
        IntentMicroF1 = report.Intent.Micro.F1,
        Emotion = report.EmotionScore,
        Intent = report.IntentScore,
        Jrbm = report.Jrbm,
    };

    /// <summary>Scores of always predicting each task's most frequent training class (ties: lower index).</summary>
    public static SplitScores MajorityBaseline(TrainingSplit train, TrainingSplit valid, ChallengeTrack track)
    {
        static int Mode(IEnumerable<int> xs) => xs.GroupBy(x => x).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var e = Mode(train.Items.Select(u => u.Emotion));
        var i = Mode(train.Items.Select(u => u.Intent));
        var n = valid.Count;
        var p = new Predictions(
            valid.Items.Select(u => u.Name).ToArray(),
            Enumerable.Repeat(e, n).ToArray(),
            Enumerable.Repeat(i, n).ToArray(),
            valid.Items.Select(u => u.Emotion).ToArray(),
            valid.Items.Select(u => u.Intent).ToArray());
        return Scores(p.Report(track));
    }
}
