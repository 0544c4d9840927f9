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

    /// <summary>
    /// Scores labelled predictions for <paramref name="track"/> with the metrics library; the label sets name the
    /// classes (the split's own, e.g. <see cref="TrainingSplit.EmotionLabels"/>: MIntRec has 20 intents).
    /// </summary>
    /// <exception cref="ArgumentException">Some utterance has no gold labels.</exception>
    public JointReport Report(ChallengeTrack track, LabelSet emotion, LabelSet intent)
    {
        if (!IsLabelled)
        {
            throw new ArgumentException("cannot score a split without gold labels (test lists carry names only)");
        }

        return JointReport.Compute(track, GoldEmotion, Emotion, GoldIntent, Intent, emotion, intent);
    }
}
