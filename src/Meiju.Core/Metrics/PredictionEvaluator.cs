using Meiju.Data;
using Meiju.Labels;

namespace Meiju.Metrics;

/// <summary>
/// Scores a predictions file against a labelled list, as the challenge scores a submission: every labelled
/// utterance needs exactly one prediction, and nothing else may be predicted.
/// </summary>
public static class PredictionEvaluator
{
    /// <summary>
    /// Reads <paramref name="predictionsPath"/> (<see cref="SubmissionFile"/>) and <paramref name="labelsPath"/>
    /// (<see cref="LabelListFile"/>) and scores them for <paramref name="track"/>. Label sets default to MEIJU's.
    /// </summary>
    /// <param name="predictionsPath">CSV with <c>filename, emo_pred, int_pred</c>.</param>
    /// <param name="labelsPath">Label list such as <c>Validation_files.txt</c>.</param>
    /// <param name="track">The track whose metric ranks.</param>
    /// <param name="emotion">Emotion label set (default <see cref="MeijuLabels.Emotion"/>).</param>
    /// <param name="intent">Intent label set (default <see cref="MeijuLabels.Intent"/>).</param>
    /// <param name="fullLabelSets">Score every class of the label sets rather than those that occur (changes macro F1 only).</param>
    /// <exception cref="MeijuDataException">
    /// An unknown label, a prediction for an utterance not in the list, a labelled utterance without a prediction,
    /// or an unlabelled list; the message names the file and line.
    /// </exception>
    public static JointReport Evaluate(
        string predictionsPath, string labelsPath, ChallengeTrack track,
        LabelSet? emotion = null, LabelSet? intent = null, bool fullLabelSets = false)
    {
        emotion ??= MeijuLabels.Emotion;
        intent ??= MeijuLabels.Intent;
        var truth = LabelListFile.Read(labelsPath, emotion, intent);
        var predictions = SubmissionFile.Read(predictionsPath, emotion, intent);
        return Evaluate(truth, predictions, track, emotion, intent, fullLabelSets, labelsPath, predictionsPath);
    }

    /// <summary>Scores predictions already read; the paths are only used in error messages.</summary>
    /// <exception cref="MeijuDataException">See <see cref="Evaluate(string, string, ChallengeTrack, LabelSet?, LabelSet?, bool)"/>.</exception>
    public static JointReport Evaluate(
        IReadOnlyList<LabelledUtterance> truth, IReadOnlyList<UtterancePrediction> predictions, ChallengeTrack track,
        LabelSet emotion, LabelSet intent, bool fullLabelSets = false,
        string labelsPath = "<labels>", string predictionsPath = "<predictions>")
    {
        var byName = new Dictionary<string, UtterancePrediction>(StringComparer.Ordinal);
        foreach (var p in predictions)
        {
            byName[p.Name] = p;
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in truth)
        {
            if (!u.IsLabelled)
            {
                throw new MeijuDataException(labelsPath, $"utterance '{u.Name}' has no labels; evaluation needs a labelled list such as Validation_files.txt", LineOf(u.Line));
            }

            known.Add(u.Name);
        }

        foreach (var p in predictions)
        {
            if (!known.Contains(p.Name))
            {
                throw new MeijuDataException(predictionsPath, $"prediction for '{p.Name}', which is not in {labelsPath}", LineOf(p.Line));
            }
        }

        var missing = truth.Where(u => !byName.ContainsKey(u.Name)).ToList();
        if (missing.Count > 0)
        {
            throw new MeijuDataException(
                labelsPath,
                $"no prediction for '{missing[0].Name}' in {predictionsPath} ({missing.Count} of {truth.Count} utterances have none)",
                LineOf(missing[0].Line));
        }

        var emoTrue = truth.Select(u => u.Emotion).ToArray();
        var intTrue = truth.Select(u => u.Intent).ToArray();
        var emoPred = truth.Select(u => byName[u.Name].Emotion).ToArray();
        var intPred = truth.Select(u => byName[u.Name].Intent).ToArray();
        return JointReport.Compute(track, emoTrue, emoPred, intTrue, intPred, emotion, intent, fullLabelSets);
    }

    private static int? LineOf(int line) => line > 0 ? line : null;
}
