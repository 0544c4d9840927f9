using Meiju.Data;
using Meiju.Labels;
using Meiju.Metrics;
using Meiju.Model;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>Runs a model over a split and scores it the challenge's way.</summary>
public static class Evaluator
{
    /// <summary>Predicts every utterance of <paramref name="split"/> in list order (eval mode, no gradients).</summary>
    public static Predictions Predict(MeijuModel model, TrainingSplit split, Device device, int batchSize, int minFrames, IReadOnlyList<int>? lengths = null) =>
        PredictLogits(model, split, device, batchSize, minFrames, lengths).ToPredictions();

    /// <summary>
    /// The raw logits of every utterance of <paramref name="split"/> in list order (eval mode, no gradients). With
    /// <paramref name="lengths"/> (length-bucketed training) similar lengths share a batch — less padding, the same
    /// outputs under padding masks — and results go back to list order by index.
    /// </summary>
    public static SplitLogits PredictLogits(MeijuModel model, TrainingSplit split, Device device, int batchSize, int minFrames, IReadOnlyList<int>? lengths = null)
    {
        model.eval();
        var emo = new float[split.Count][];
        var intent = new float[split.Count][];
        using (no_grad())
        {
            var order = Enumerable.Range(0, split.Count).ToArray();
            if (lengths is not null)
            {
                order = [.. order.OrderBy(i => lengths[i])];
            }

            foreach (var idx in EpochOrder.Batches(order, batchSize))
            {
                using var scope = NewDisposeScope();
                using var batch = BatchBuilder.Build(split, idx, device, minFrames);
                var output = model.forward(batch.Input);
                var e = output.Emotion.to(ScalarType.Float32).cpu();
                var i = output.Intent.to(ScalarType.Float32).cpu();
                var ce = (int)e.shape[1];
                var ci = (int)i.shape[1];
                var ed = e.data<float>().ToArray();
                var id = i.data<float>().ToArray();
                for (var k = 0; k < idx.Length; k++)
                {
                    emo[idx[k]] = ed.AsSpan(k * ce, ce).ToArray();
                    intent[idx[k]] = id.AsSpan(k * ci, ci).ToArray();
                }
            }
        }

        return new SplitLogits(
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
        return Scores(p.Report(track, valid.EmotionLabels, valid.IntentLabels));
    }
}
