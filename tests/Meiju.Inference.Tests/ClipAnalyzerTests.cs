using Meiju.IO;

namespace Meiju.Inference.Tests;

public sealed class ClipAnalyzerTests : IClassFixture<TestClips>
{
    private readonly TestClips _clips;

    public ClipAnalyzerTests(TestClips clips) => _clips = clips;

    private ClipAnalyzer Analyzer(ClipAnalyzerOptions? options = null) => new(_clips.RandomModel(), options);

    private static void AssertDistribution(IReadOnlyList<ClassProbability> probabilities, int classes)
    {
        Assert.Equal(classes, probabilities.Count);
        Assert.Equal(1.0, probabilities.Sum(p => p.Probability), 4);
        Assert.True(probabilities.Zip(probabilities.Skip(1)).All(p => p.First.Probability >= p.Second.Probability), "highest first");
    }

    [Fact]
    public void NoFaceAndNoTextAreMaskedAndReported()
    {
        using var analyzer = Analyzer();
        var a = analyzer.Analyze(_clips.PatternWithTone());
        AssertDistribution(a.Emotion, 7);
        AssertDistribution(a.Intent, 8);
        var byModality = a.Contributions.ToDictionary(c => c.Modality);
        Assert.False(byModality["V"].Present);
        Assert.True(byModality["A"].Present);
        Assert.False(byModality["T"].Present);
        Assert.Equal(0, byModality["V"].EmotionDelta);
        Assert.Contains(a.Warnings, w => w.Contains("no face", StringComparison.Ordinal));
        Assert.Contains(a.Warnings, w => w.Contains("no text", StringComparison.Ordinal));
        Assert.Empty(a.FacePngs);
        Assert.NotEmpty(a.Waveform);
        Assert.All(a.Waveform, v => Assert.InRange(v, 0f, 1f));
        Assert.All(ClipAnalyzer.Stages, s => Assert.True(a.StageSeconds[s] >= 0, s));
        // One ffmpeg run decodes both streams ("decode.decode"); the fallback path reports probe, frames and audio.
        Assert.True(a.StageSeconds.ContainsKey("decode.decode") || a.StageSeconds.ContainsKey("decode.probe"), string.Join(", ", a.StageSeconds.Keys));
        Assert.InRange(a.DurationSeconds, 1.5, 2.5);
    }

    [Fact]
    public void OnlyModalityMaskedGivesTheNoInputPrediction()
    {
        // With audio the only modality, masking it leaves nothing: its contribution is p(all) − p(nothing).
        using var analyzer = Analyzer();
        var withAudio = analyzer.Analyze(_clips.PatternWithTone());
        var nothing = analyzer.RunModel(new Dictionary<string, NpyArray?>());
        var top = withAudio.TopEmotion;
        var pNothing = nothing.Emotion.First(p => p.Label == top.Label).Probability;
        Assert.Equal(top.Probability - pNothing, withAudio.Contributions.Single(c => c.Modality == "A").EmotionDelta, 5);
        Assert.All(nothing.Contributions, c => Assert.False(c.Present));
    }

    [Fact]
    public void TranscriptTurnsTheTextModalityOn()
    {
        using var analyzer = Analyzer();
        var a = analyzer.Analyze(_clips.PatternWithTone(), "I am so happy for you!");
        Assert.Equal("I am so happy for you!", a.Text);
        Assert.True(a.Contributions.Single(c => c.Modality == "T").Present);
        Assert.DoesNotContain(a.Warnings, w => w.Contains("no text", StringComparison.Ordinal));
    }

    [Fact]
    public void VideoWithoutAudioIsAnalysedWithAudioMasked()
    {
        using var analyzer = Analyzer();
        var a = analyzer.Analyze(_clips.PatternSilent(), "hello");
        Assert.False(a.Contributions.Single(c => c.Modality == "A").Present);
        Assert.Empty(a.Waveform);
        Assert.Contains(a.Warnings, w => w.Contains("no audio", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyFileIsRefusedNamingIt()
    {
        using var analyzer = Analyzer();
        var path = _clips.Empty();
        var ex = Assert.Throws<MeijuDataException>(() => analyzer.Analyze(path));
        Assert.Contains("empty.mp4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableFileIsRefusedNamingIt()
    {
        using var analyzer = Analyzer();
        var ex = Assert.Throws<MeijuDataException>(() => analyzer.Analyze(_clips.Garbage()));
        Assert.Contains("garbage.mp4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoHourVideoIsRefusedFromTheProbeBeforeDecoding()
    {
        using var analyzer = Analyzer();
        var path = _clips.TwoHours();
        var ex = Assert.Throws<MeijuDataException>(() => analyzer.Analyze(path));
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("7200", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxDurationIsConfigurable()
    {
        using var analyzer = Analyzer(new ClipAnalyzerOptions { MaxDurationSeconds = 1 });
        Assert.Throws<MeijuDataException>(() => analyzer.Analyze(_clips.PatternWithTone()));
    }

    [Fact]
    public void BatchRecordsPerItemErrorsAndGoesOn()
    {
        using var analyzer = Analyzer();
        var batch = ClipBatch.Run(analyzer, "model", [_clips.Empty(), _clips.PatternWithTone(), _clips.Garbage()]);
        Assert.Equal(3, batch.Items.Count);
        Assert.Equal(2, batch.Failed);
        Assert.NotNull(batch.Items[1].Analysis);
        Assert.Null(batch.Items[0].Analysis);
        var csv = PredictionReport.ToCsv(batch).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, csv.Length);
        var columns = csv[0].Split(',').Length;
        Assert.Equal(columns, csv[1].Split(',').Length); // the failed row: empty cells, one error, no quoting
        var json = System.Text.Json.JsonDocument.Parse(PredictionReport.ToJson(batch));
        Assert.Equal(2, json.RootElement.GetProperty("failed").GetInt32());
    }

    [SharedDataFact("cremad-clips/video_flv/1001_DFA_HAP_XX.flv")]
    public void RealCremaDClipHasFacesVoiceAndText()
    {
        using var analyzer = Analyzer(new ClipAnalyzerOptions { TranscriptsCsv = Path.Combine(SharedData.RepoRoot, "samples", "cremad", "transcripts.csv") });
        var a = analyzer.Analyze(SharedData.PathOf("cremad-clips/video_flv/1001_DFA_HAP_XX.flv"));
        Assert.All(a.Contributions, c => Assert.True(c.Present, c.Modality));
        Assert.Equal("Don't forget a jacket.", a.Text);
        Assert.InRange(a.FacePngs.Count, 1, 4);
        Assert.All(a.FacePngs, png => Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]));
        Assert.NotEmpty(a.Waveform);
    }
}

public sealed class MeijuBaseTests
{
    private static readonly string Model = Path.Combine(SharedData.RepoRoot, "models", "meiju-base");

    [SharedDataFact("cremad-clips/video_flv")]
    [Trait("Category", "Slow")]
    public void ShippedModelPredictsTheSixCremaDClipsAndCountsRightEmotions()
    {
        using var analyzer = new ClipAnalyzer(Model, new ClipAnalyzerOptions { TranscriptsCsv = Path.Combine(SharedData.RepoRoot, "samples", "cremad", "transcripts.csv") });
        var batch = ClipBatch.Run(analyzer, Model, ClipBatch.Clips(SharedData.PathOf("cremad-clips/video_flv")));
        Assert.Equal(6, batch.Items.Count);
        Assert.Equal(0, batch.Failed);
        Assert.Equal(6, batch.WithGold);
        Assert.Equal(batch.Items.Count(i => i.Analysis!.TopEmotion.Label == i.GoldEmotion), batch.EmotionsRight);
        Assert.All(batch.Items, i => Assert.All(i.Analysis!.Contributions, c => Assert.True(c.Present, $"{i.Path} {c.Modality}")));
        Assert.All(batch.Items, i => Assert.Equal(7, i.Analysis!.Emotion.Count));
    }

    [Fact]
    public void ShippedModelFolderHasWeightsSettingsAndCard()
    {
        foreach (var file in new[] { "config.json", "model.safetensors", "inference.json", "model-card.json", "model-card.md" })
        {
            Assert.True(File.Exists(Path.Combine(Model, file)), file);
        }

        var settings = InferenceSettings.Load(Model);
        Assert.Equal(["A", "T", "V"], settings.Normalization.Keys.Order(StringComparer.Ordinal));
        Assert.True(new FileInfo(Path.Combine(Model, "model.safetensors")).Length < 10_000_000, "a few MB");
    }
}
