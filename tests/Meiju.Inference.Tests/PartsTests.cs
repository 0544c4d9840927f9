using Meiju.Inference.Base;
using Meiju.IO;
using Meiju.Labels;

namespace Meiju.Inference.Tests;

public class PartsTests
{
    [Fact]
    public void PoolingGivesMeanAndStd()
    {
        var x = new NpyArray([2, 2], [1, 10, 3, 30]);
        Assert.Equal([2f, 20f], FeaturePooling.Apply(x, FeaturePooling.Mean).Data);
        Assert.Equal([2f, 20f, 1f, 10f], FeaturePooling.Apply(x, FeaturePooling.MeanStd).Data);
        Assert.Same(x, FeaturePooling.Apply(x, FeaturePooling.None));
        Assert.Equal(4, FeaturePooling.Width(2, FeaturePooling.MeanStd));
        Assert.Throws<ArgumentException>(() => FeaturePooling.Apply(x, "max"));
    }

    [Fact]
    public void NormalizationStandardisesColumns()
    {
        var n = FeatureNormalization.Fit([[0f, 5f], [2f, 5f]]);
        Assert.Equal([1f, 5f], n.Mean);
        var z = n.ApplyRow([2f, 5f]);
        Assert.Equal(1f, z[0], 4);
        Assert.Equal(0f, z[1], 4);
    }

    [Fact]
    public void WaveformIsPeakPerBucket()
    {
        var w = WaveformEnvelope.Of([0.1f, -0.5f, 0.2f, 0.9f], 2);
        Assert.Equal([0.5f, 0.9f], w);
        Assert.Empty(WaveformEnvelope.Of([], 10));
        Assert.Equal(3, WaveformEnvelope.Of([1f, 1f, 1f], 10).Length);
    }

    [Theory]
    [InlineData("1001_DFA_ANG_XX.flv", "anger")]
    [InlineData("/x/1002_DFA_NEU_XX.mp3", "neutral")]
    [InlineData("clip.mp4", null)]
    [InlineData("1001_DFA_XYZ_XX.flv", null)]
    public void CremaDNamesGiveTheGoldEmotion(string path, string? expected) => Assert.Equal(expected, CremaD.GoldEmotion(path));

    [Fact]
    public void IntentMappingTargetsMeijuIntentsAndDropsTheRest()
    {
        foreach (var target in IntentMapping.MIntRec.Values.Concat(IntentMapping.DailyDialog.Values))
        {
            Assert.True(MeijuLabels.Intent.Contains(target), target);
        }

        foreach (var source in IntentMapping.MIntRec.Keys)
        {
            Assert.True(LabelSetCatalog.Get("mintrec-intent").Contains(source), source);
        }

        Assert.Equal(-1, IntentMapping.Map(IntentMapping.MIntRec, "Joke"));
        Assert.Equal(MeijuLabels.Intent.IndexOf("questioning"), IntentMapping.Map(IntentMapping.DailyDialog, "question"));
    }

    [Fact]
    public void SettingsRoundTripAndRejectUnknownPooling()
    {
        var dir = Directory.CreateTempSubdirectory("meiju-settings-").FullName;
        try
        {
            new InferenceSettings { Pooling = new() { ["A"] = "meanstd" } }.Save(dir);
            Assert.Equal("meanstd", InferenceSettings.Load(dir).PoolingOf("A"));
            Assert.Equal("none", InferenceSettings.Load(dir).PoolingOf("V"));
            File.WriteAllText(Path.Combine(dir, InferenceSettings.FileName), "{\"pooling\": {\"A\": \"median\"}}");
            var ex = Assert.Throws<MeijuDataException>(() => InferenceSettings.Load(dir));
            Assert.Contains("median", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void FolderWithoutMediaIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("meiju-nomedia-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "x");
            Assert.Throws<MeijuDataException>(() => ClipBatch.Clips(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_folder_scan_takes_every_kind_a_single_path_takes_images_included()
    {
        var dir = Directory.CreateTempSubdirectory("meiju-scan-").FullName;
        try
        {
            foreach (var name in new[] { "a.mp4", "b.flv", "c.wav", "d.png", "e.JPG", "notes.txt", "feats.npy" })
            {
                File.WriteAllText(Path.Combine(dir, name), "x");
            }

            Assert.Equal(["a.mp4", "b.flv", "c.wav", "d.png", "e.JPG"], ClipBatch.Clips(dir).Select(Path.GetFileName));
            Assert.All(ClipBatch.Clips(dir), f => Assert.True(Meiju.Media.MediaFileTypes.IsMedia(f)));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
