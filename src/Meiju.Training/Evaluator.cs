using Meiju.Labels;
using Meiju.Training.StandIns;
using TorchSharp;
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
}

/// <summary>Runs a model over a split and scores it the challenge's way.</summary>
public static class Evaluator
{
    /// <summary>Predicts every utterance of <paramref name="split"/> in list order (eval mode, no gradients).</summary>
    public static Predictions Predict(IJointModel model, TrainingStage stage, TrainingRecipe recipe, FeatureSplit split, Device device, int batchSize)
    {
        model.Prepare(stage, recipe, training: false);
        var emo = new int[split.Count];
        var intent = new int[split.Count];
        using (no_grad())
        {
            var order = Enumerable.Range(0, split.Count).ToArray();
            var at = 0;
            foreach (var idx in EpochOrder.Batches(order, batchSize))
            {
                using var scope = NewDisposeScope();
                using var batch = BatchBuilder.Build(split, idx, device, model.MinFrames);
                var output = model.Forward(batch, stage);
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

    /// <summary>
    /// Scores labelled predictions: weighted and micro F1 for both tasks, and the track's metric (weighted for
    /// Track 1, micro for Track 2) with its JRBM.
    /// </summary>
    public static SplitScores Score(Predictions p, int track)
    {
        if (!p.IsLabelled)
        {
            throw new ArgumentException("cannot score a split without gold labels (test lists carry names only)");
        }

        var ew = Scores.WeightedF1(p.GoldEmotion, p.Emotion, MeijuLabels.Emotion.Count);
        var iw = Scores.WeightedF1(p.GoldIntent, p.Intent, MeijuLabels.Intent.Count);
        var em = Scores.MicroF1(p.GoldEmotion, p.Emotion);
        var im = Scores.MicroF1(p.GoldIntent, p.Intent);
        var (e, i) = track == 1 ? (ew, iw) : (em, im);
        return new SplitScores
        {
            EmotionWeightedF1 = ew,
            IntentWeightedF1 = iw,
            EmotionMicroF1 = em,
            IntentMicroF1 = im,
            Emotion = e,
            Intent = i,
            Jrbm = Scores.Jrbm(e, i),
        };
    }

    /// <summary>Scores of always predicting each task's most frequent class in <paramref name="train"/>.</summary>
    public static SplitScores MajorityBaseline(FeatureSplit train, FeatureSplit valid, int track)
    {
        int Mode(IEnumerable<int> xs) => xs.GroupBy(x => x).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var e = Mode(train.Items.Select(u => u.Emotion));
        var i = Mode(train.Items.Select(u => u.Intent));
        var n = valid.Count;
        var p = new Predictions(
            valid.Items.Select(u => u.Name).ToArray(),
            Enumerable.Repeat(e, n).ToArray(),
            Enumerable.Repeat(i, n).ToArray(),
            valid.Items.Select(u => u.Emotion).ToArray(),
            valid.Items.Select(u => u.Intent).ToArray());
        return Score(p, track);
    }
}
