using Meiju.Features.Models;
using Meiju.Features.Onnx;

namespace Meiju.Features.Tests.Onnx;

public class DefaultOnnxExtractorTests
{
    private static readonly FeatureRegistry Registry = new();

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    [Fact]
    public void Resnet18_gives_512_non_negative_values_per_frame()
    {
        var extractor = Registry.Create("resnet18");
        Assert.Equal(512, extractor.Dimension);
        Assert.Equal(FeatureInput.Frames, extractor.Input);
        var media = TestMedia.Empty() with { Frames = [TestMedia.Frame(320, 240, 1), TestMedia.Frame(320, 240, 2, 10), TestMedia.Frame(320, 240, 1, 20)] };
        var features = extractor.Extract(media);
        Assert.Equal([3, 512], features.Shape);
        // Global average pooling after ReLU: every value is >= 0 and some are positive.
        Assert.All(features.Data, v => Assert.True(v >= 0 && float.IsFinite(v)));
        Assert.True(features.Data.Max() > 0);
        var row = (int t) => features.Data.AsSpan(t * 512, 512).ToArray();
        Assert.Equal(row(0), row(2));
        Assert.NotEqual(row(0), row(1));
    }

    [Fact]
    public void Resnet18_reports_missing_frames()
    {
        var e = Assert.Throws<FeatureInputMissingException>(() => Registry.Create("resnet18").Extract(TestMedia.Empty()));
        Assert.Equal("no_frames", e.Kind);
    }

    [Fact]
    public void Minilm_tokens_have_one_row_per_wordpiece_and_sentences_are_semantic()
    {
        var tokens = Registry.Create("minilm_tokens");
        var sentence = Registry.Create("minilm_sentence");
        var t = tokens.Extract(TestMedia.WithText("I am so happy today"));
        // [CLS] i am so happy today [SEP]
        Assert.Equal([7, 384], t.Shape);
        var happy = sentence.Extract(TestMedia.WithText("I am so happy today")).Data;
        var glad = sentence.Extract(TestMedia.WithText("I feel really glad today")).Data;
        var market = sentence.Extract(TestMedia.WithText("The quarterly report lists tax revenue by region")).Data;
        Assert.Equal(384, happy.Length);
        Assert.True(Cosine(happy, glad) > Cosine(happy, market) + 0.2, $"{Cosine(happy, glad):F3} vs {Cosine(happy, market):F3}");
        // Mean pooling of the token states: the sentence row is the mean of the token rows.
        var mean = FeatureArrays.MeanRows(t);
        Assert.Equal(1.0, Cosine(mean, happy), 4);
    }

    [Fact]
    public void Minilm_refuses_chinese_text_with_a_clear_message()
    {
        var e = Assert.Throws<FeatureInputMissingException>(() => Registry.Create("minilm_tokens").Extract(TestMedia.WithText("我今天很开心")));
        Assert.Equal("unsupported_language", e.Kind);
        Assert.Contains("Chinese", e.Message);
        Assert.Contains("manifest", e.Message);
    }

    [Fact]
    public void Missing_text_is_reported()
    {
        var e = Assert.Throws<FeatureInputMissingException>(() => Registry.Create("minilm_sentence").Extract(TestMedia.Empty()));
        Assert.Equal("no_text", e.Kind);
    }

    [Fact]
    public void A_user_manifest_adds_an_image_model_without_code()
    {
        var dir = Directory.CreateTempSubdirectory("meiju-manifest-");
        try
        {
            var path = Path.Combine(dir.FullName, "models.json");
            File.WriteAllText(path, """
            {
              "models": [
                {
                  "name": "resnet18_faces",
                  "kind": "image",
                  "file": "{nuget:Microsoft.ML.DnnImageFeaturizer.ResNet18/0.23.1}/tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx",
                  "inputs": { "pixels": "Input247" },
                  "output": "Pooling395_Output_0",
                  "outputDim": 512,
                  "image": { "source": "faces", "width": 224, "height": 224, "resize": "center_crop",
                             "scale": 0.00392157, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225] }
                }
              ]
            }
            """);
            var registry = new FeatureRegistry(ModelManifest.Load(path));
            var extractor = registry.Create("resnet18_faces");
            Assert.Equal(FeatureInput.Faces, extractor.Input);
            var gray = new byte[96 * 96];
            new Random(3).NextBytes(gray);
            var features = extractor.Extract(TestMedia.Empty() with { Faces = [TestMedia.Face(gray, 96)] });
            Assert.Equal([1, 512], features.Shape);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void A_wrong_output_dim_fails_with_the_model_name()
    {
        var entry = Registry.EntryOf("minilm_sentence")!;
        var wrong = new ManifestEntry
        {
            Name = "bad_dim", Kind = ModelKind.Text, File = entry.File, Inputs = entry.Inputs, Output = entry.Output,
            OutputDim = 768, Pooling = Pooling.Mean, Text = entry.Text,
        };
        var extractor = new OnnxTextExtractor(wrong, null, new ExtractorOptions());
        var e = Assert.Throws<InvalidOperationException>(() => extractor.Extract(TestMedia.WithText("hello there")));
        Assert.Contains("bad_dim", e.Message);
        Assert.Contains("outputDim", e.Message);
    }
}
