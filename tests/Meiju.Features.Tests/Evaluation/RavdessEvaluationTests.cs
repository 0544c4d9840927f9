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

    [SharedDataFact("ravdess-speech-16k")]
    public void The_actor_split_is_the_one_asked_for_and_named_in_the_result()
    {
        var result = RavdessEvaluation.Run(new RavdessEvaluationOptions(SharedData.PathOf("ravdess-speech-16k"), MaxPerActor: 6,
            TrainActors: RavdessEvaluation.ParseActors("1-3"), TestActors: RavdessEvaluation.ParseActors("20")));
        Assert.Equal(3 * 6, result.TrainCount);
        Assert.Equal(6, result.TestCount);
        Assert.Equal("actors 01-03 train / 20 test", result.Split);
    }

    [Theory]
    [InlineData("1-16", "17-20", "actors 01-16 train / 17-20 test")]
    [InlineData("13,14,15-16", "1", "actors 13-16 train / 01 test")]
    [InlineData("5-3", "7,9", "actors 03-05 train / 07,09 test")]
    public void Actor_lists_parse_and_print_as_ranges(string train, string test, string expected) =>
        Assert.Equal(expected, RavdessEvaluation.Describe(RavdessEvaluation.ParseActors(train), RavdessEvaluation.ParseActors(test)));

    [Theory]
    [InlineData("")]
    [InlineData("a-b")]
    [InlineData("1-2-3")]
    [InlineData("0")]
    public void Bad_actor_lists_are_refused(string text) => Assert.Throws<ArgumentException>(() => RavdessEvaluation.ParseActors(text));

    [Fact]
    public void Overlapping_actor_sets_are_refused_before_any_work()
    {
        var e = Assert.Throws<ArgumentException>(() => RavdessEvaluation.Run(new RavdessEvaluationOptions("/nonexistent",
            TrainActors: RavdessEvaluation.ParseActors("1-16"), TestActors: RavdessEvaluation.ParseActors("16-20"))));
        Assert.Contains("16", e.Message, StringComparison.Ordinal);
    }
}
