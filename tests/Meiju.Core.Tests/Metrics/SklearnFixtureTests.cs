using System.Text.Json;
using Meiju.Metrics;

namespace Meiju.Tests.Metrics;

/// <summary>
/// Agreement with scikit-learn on fixtures written by tests/fixtures-src/make_metric_fixtures.py (an independent
/// implementation: Debian's python3-sklearn).
/// </summary>
public class SklearnFixtureTests
{
    private const double Tolerance = 1e-6;

    private static readonly Lazy<JsonDocument> Fixture = new(() => JsonDocument.Parse(
        File.ReadAllText(Path.Combine(SharedData.RepoRoot, "tests", "Meiju.Core.Tests", "Fixtures", "metrics.json"))));

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture.Value.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void FixtureCoversTheEdgeCases()
    {
        var names = Fixture.Value.RootElement.GetProperty("cases").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();
        Assert.True(names.Length >= 20, $"only {names.Length} cases");
        foreach (var needed in new[] { "class never predicted", "label list class absent from data", "data class absent from label list", "single sample wrong", "all correct", "all wrong" })
        {
            Assert.Contains(needed, names);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesSklearn(string name)
    {
        var c = Fixture.Value.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var yTrue = Ints(c.GetProperty("y_true"));
        var yPred = Ints(c.GetProperty("y_pred"));
        var labels = c.GetProperty("labels").ValueKind == JsonValueKind.Null ? null : Ints(c.GetProperty("labels"));

        var report = ClassificationReport.Compute(yTrue, yPred, labels);

        Assert.Equal(Ints(c.GetProperty("order")), report.Labels);
        Assert.Equal(c.GetProperty("accuracy").GetDouble(), report.Accuracy, Tolerance);
        AssertClose(Doubles(c.GetProperty("precision")), report.Classes.Select(x => x.Precision));
        AssertClose(Doubles(c.GetProperty("recall")), report.Classes.Select(x => x.Recall));
        AssertClose(Doubles(c.GetProperty("f1")), report.Classes.Select(x => x.F1));
        Assert.Equal(Ints(c.GetProperty("support")), report.Classes.Select(x => x.Support));

        var averages = c.GetProperty("averages");
        foreach (var (key, average) in new[] { ("micro", F1Average.Micro), ("macro", F1Average.Macro), ("weighted", F1Average.Weighted) })
        {
            var expected = averages.GetProperty(key);
            var actual = report.Average(average);
            Assert.Equal(expected.GetProperty("precision").GetDouble(), actual.Precision, Tolerance);
            Assert.Equal(expected.GetProperty("recall").GetDouble(), actual.Recall, Tolerance);
            Assert.Equal(expected.GetProperty("f1").GetDouble(), actual.F1, Tolerance);
            Assert.Equal(expected.GetProperty("f1").GetDouble(), report.F1(average), Tolerance);
        }

        var cm = c.GetProperty("confusion");
        if (cm.ValueKind == JsonValueKind.Null)
        {
            // sklearn refuses (no listed label in y_true); we return the matrix, whose rows are then all zero.
            Assert.Equal(0, report.Confusion.Total);
        }
        else
        {
            var rows = cm.EnumerateArray().Select(Ints).ToArray();
            Assert.Equal(rows.Length, report.Confusion.Size);
            for (var r = 0; r < rows.Length; r++)
            {
                Assert.Equal(rows[r], report.Confusion.Counts[r]);
            }
        }
    }

    [Fact]
    public void JrbmMatchesTheChallengeFormula()
    {
        foreach (var j in Fixture.Value.RootElement.GetProperty("jrbm").EnumerateArray())
        {
            Assert.Equal(j.GetProperty("jrbm").GetDouble(), Jrbm.Compute(j.GetProperty("e").GetDouble(), j.GetProperty("i").GetDouble()), 1e-12);
        }
    }

    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static void AssertClose(double[] expected, IEnumerable<double> actual)
    {
        var a = actual.ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (var k = 0; k < a.Length; k++)
        {
            Assert.Equal(expected[k], a[k], Tolerance);
        }
    }
}
