using Meiju.Features.Evaluation;

namespace Meiju.Features.Tests.Evaluation;

public class RavdessEvaluationTests
{
    [SharedDataFact("ravdess-speech-16k")]
    [Trait("Category", "Slow")]
    public void Speaker_independent_probe_prints_accuracy_and_weighted_f1()
    {
        var result = RavdessEvaluation.Run(new RavdessEvaluationOptions(SharedData.PathOf("ravdess-speech-16k")));
        Assert.Equal(16 * 52, result.TrainCount);
        Assert.Equal(4 * 52, result.TestCount);
        foreach (var r in result.Results)
        {
            Console.WriteLine($"RAVDESS {r.Features}: accuracy {r.Scores.Accuracy:F4} weighted F1 {r.Scores.WeightedF1:F4} (n={r.Scores.Count})");
        }

        // 7 classes, neutral half as frequent: chance is below 0.15.
        Assert.All(result.Results, r => Assert.True(r.Scores.Accuracy > 0.25, $"{r.Features}: {r.Scores.Accuracy:F3}"));
    }
}
