using Meiju.Labels;

namespace Meiju.Tests.Labels;

public class LabelSetCatalogTests
{
    [Fact]
    public void ShipsTheDeclaredSets()
    {
        Assert.Equal(
            ["dailydialog-act", "dailydialog-emotion", "meiju-emotion", "meiju-intent", "meld-emotion", "mintrec-intent", "none"],
            LabelSetCatalog.BuiltInNames);
        foreach (var name in LabelSetCatalog.BuiltInNames)
        {
            var set = LabelSetCatalog.Get(name);
            Assert.Equal(name, set.Name);
            Assert.NotEmpty(set.Description);
        }
    }

    [Fact]
    public void MeijuSetsKeepTheOfficialOrder()
    {
        Assert.Equal(["happy", "surprise", "sad", "disgust", "anger", "fear", "neutral"], MeijuLabels.Emotion.Classes);
        Assert.Equal(
            ["questioning", "agreeing", "acknowledging", "encouraging", "consoling", "suggesting", "wishing", "neutral"],
            MeijuLabels.Intent.Classes);
        Assert.Same(LabelSetCatalog.Get("MEIJU-EMOTION"), MeijuLabels.Emotion);
    }

    [Theory]
    [InlineData("joy", "happy")]
    [InlineData("sadness", "sad")]
    [InlineData("Surprise", "surprise")]
    [InlineData("neutral", "neutral")]
    public void MeldMapsOntoMeijuClassIndices(string meld, string meiju)
    {
        var set = LabelSetCatalog.Get("meld-emotion");
        Assert.Equal(MeijuLabels.Emotion.Classes, set.Classes);
        Assert.Equal(MeijuLabels.Emotion.IndexOf(meiju), set.IndexOf(meld));
    }

    [Theory]
    [InlineData("0", "neutral")]
    [InlineData("4", "happy")]
    [InlineData("5", "sad")]
    [InlineData("6", "surprise")]
    [InlineData("happiness", "happy")]
    public void DailyDialogEmotionCodesMapOntoMeiju(string code, string meiju) =>
        Assert.Equal(MeijuLabels.Emotion.IndexOf(meiju), LabelSetCatalog.Get("dailydialog-emotion").IndexOf(code));

    [Fact]
    public void DailyDialogActsFollowTheDatasetCodes()
    {
        var acts = LabelSetCatalog.Get("dailydialog-act");
        Assert.Equal(4, acts.Count);
        for (var code = 1; code <= 4; code++)
        {
            Assert.Equal(code - 1, acts.IndexOf(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void MintrecHasTwentyIntents()
    {
        var set = LabelSetCatalog.Get("mintrec-intent");
        Assert.Equal(20, set.Count);
        Assert.Equal(set.IndexOf("Ask for help"), set.IndexOf("ask_for_help"));
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => LabelSetCatalog.Get("no-such-set"));
        Assert.Contains("meld-emotion", ex.Message);
    }

    [Fact]
    public void LoadsAUserFileAndResolvesNamesOrPaths()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("acts.json");
        File.WriteAllText(path, """
            { "name": "my-acts", "classes": ["ask", "tell"], "aliases": { "question": "ask" } }
            """);
        var set = LabelSetCatalog.Load(path);
        Assert.Equal(["ask", "tell"], set.Classes);
        Assert.Equal(0, set.IndexOf("question"));
        Assert.Equal(set.Classes, LabelSetCatalog.Resolve(path).Classes);
        Assert.Same(LabelSetCatalog.Get("meiju-intent"), LabelSetCatalog.Resolve("meiju-intent"));
    }

    [Theory]
    [InlineData("""{ "name": "x", "classes": ["a", "a"] }""", "twice")]
    [InlineData("""{ "name": "x", "classes": ["a"], "aliases": { "b": "c" } }""", "unknown class 'c'")]
    [InlineData("""{ "name": "x" }""", "no \"classes\"")]
    [InlineData("""{ "classes": ["a"] }""", "no \"name\"")]
    [InlineData("""{ "name": "x", "classes": ["a"], "colour": 1 }""", "not a valid label set JSON")]
    [InlineData("""{ "name": "x", "classes": [ """, "not a valid label set JSON")]
    public void BadFilesNameTheFileAndTheProblem(string json, string problem)
    {
        using var tmp = new TempFolder();
        var path = tmp.File("bad.json");
        File.WriteAllText(path, json);
        var ex = Assert.Throws<MeijuDataException>(() => LabelSetCatalog.Load(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(problem, ex.Message);
    }
}
