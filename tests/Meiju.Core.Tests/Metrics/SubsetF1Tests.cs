using System.Text.Json;
using Meiju.Labels;
using Meiju.Metrics;

namespace Meiju.Tests.Metrics;

public class SubsetF1Tests
{
    private static readonly Lazy<JsonElement[]> Cases = new(() => JsonDocument.Parse(
            File.ReadAllText(Path.Combine(SharedData.RepoRoot, "tests", "Meiju.Core.Tests", "Fixtures", "metrics.json")))
        .RootElement.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("name").GetString()!.StartsWith("subset micro", StringComparison.Ordinal)).ToArray());

    [Fact]
    public void MatchesSklearnSubsetMicroCases()
    {
        Assert.Equal(3, Cases.Value.Length);
        foreach (var c in Cases.Value)
        {
            var yTrue = c.GetProperty("y_true").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var yPred = c.GetProperty("y_pred").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var labels = c.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var expected = c.GetProperty("averages").GetProperty("micro").GetProperty("f1").GetDouble();

            Assert.Equal(expected, SubsetF1.Compute(yTrue, yPred, labels), 1e-9);
            var excluded = Enumerable.Range(0, 7).Except(labels).Single();
            Assert.Equal(expected, SubsetF1.MicroExcluding(yTrue, yPred, 7, excluded), 1e-9);
        }
    }

    [Fact]
    public void DiffersFromAccuracyAndFromFullMicro()
    {
        var dd = Cases.Value.Single(c => c.GetProperty("name").GetString() == "subset micro dailydialog labels 1-6");
        var yTrue = dd.GetProperty("y_true").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var yPred = dd.GetProperty("y_pred").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var subset = SubsetF1.MicroExcluding(yTrue, yPred, 7, 0);
        var full = ClassificationReport.Compute(yTrue, yPred).Micro.F1;
        Assert.True(subset < full - 0.1, $"subset {subset} vs full {full}: excluding the majority class must lower the score here");
    }

    [Fact]
    public void ByLabelNameExcludesNeutralOfDailyDialog()
    {
        var set = LabelSetCatalog.Get("dailydialog-emotion");
        int[] yTrue = [6, 6, 0, 1, 6, 4];
        int[] yPred = [6, 0, 0, 6, 6, 4];
        // Listed classes 0..5: TP 2 (0, 4), FP 1 (pred 0 for a true 6), FN 1 (true 1 predicted 6) -> P = R = 2/3.
        Assert.Equal(2.0 / 3.0, SubsetF1.MicroExcluding(yTrue, yPred, set, "no emotion"), 1e-12);
        Assert.Equal(0.0, SubsetF1.MicroExcluding(yTrue, [6, 6, 6, 6, 6, 6], set, "neutral"));
        Assert.Throws<ArgumentException>(() => SubsetF1.MicroExcluding(yTrue, yPred, set, "boredom"));
        Assert.Throws<ArgumentException>(() => SubsetF1.MicroExcluding(yTrue, yPred, 1, 0));
    }
}
