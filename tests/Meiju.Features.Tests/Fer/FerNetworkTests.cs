using Meiju.Features.Evaluation;
using Meiju.Features.Fer;

namespace Meiju.Features.Tests.Fer;

public class FerNetworkTests
{
    [NeedsFerModelFact]
    public void Loads_the_shipped_graph_and_gives_a_distribution()
    {
        var network = FerNetwork.Shared();
        Assert.Equal(256, network.PenultimateDimension);
        var gray = new byte[64 * 64];
        new Random(1).NextBytes(gray);
        var p = network.Predict(gray, 64, 64);
        Assert.Equal(7, p.Posteriors.Length);
        Assert.Equal(1.0, p.Posteriors.Sum(), 4);
        Assert.All(p.Posteriors, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(p.Posteriors, network.Predict(gray, 64, 64).Posteriors);
    }

    [NeedsFerModelFact]
    public void Extractor_gives_one_row_per_face_and_reports_missing_faces()
    {
        var gray = new byte[48 * 48];
        new Random(2).NextBytes(gray);
        var media = TestMedia.Empty() with { Faces = [TestMedia.Face(gray, 48, 0), TestMedia.Face(gray, 48, 10)] };
        var posteriors = new FerExtractor(FerNetwork.Shared()).Extract(media);
        Assert.Equal([2, 7], posteriors.Shape);
        var penultimate = new FerExtractor(FerNetwork.Shared(), penultimate: true).Extract(media);
        Assert.Equal([2, 256], penultimate.Shape);
        var e = Assert.Throws<FeatureInputMissingException>(() => new FerExtractor(FerNetwork.Shared()).Extract(TestMedia.Empty()));
        Assert.Equal("no_face", e.Kind);
    }

    [NeedsFerModelFact("fer2013/train/happy", "fer2013/train/sad")]
    public void Smiling_faces_are_happy()
    {
        var network = FerNetwork.Shared();
        var happy = Directory.GetFiles(SharedData.PathOf("fer2013/train/happy"), "*.jpg").Order(StringComparer.Ordinal).Take(24).ToList();
        var images = FfmpegReader.ReadGrayImages(happy, 48);
        var predictions = images.Select(g => network.Predict(g, 48, 48)).ToList();
        var happyIndex = FerNetwork.Classes.ToList().IndexOf("happy");
        var share = predictions.Count(p => p.ArgMax == happyIndex) / (double)predictions.Count;
        Assert.True(share >= 0.8, $"only {share:P0} of 24 happy FER-2013 faces were classified happy");
        var meanHappy = predictions.Average(p => p.Posteriors[happyIndex]);
        var sad = FfmpegReader.ReadGrayImages(Directory.GetFiles(SharedData.PathOf("fer2013/train/sad"), "*.jpg").Order(StringComparer.Ordinal).Take(24).ToList(), 48);
        var meanHappyOnSad = sad.Average(g => network.Predict(g, 48, 48).Posteriors[happyIndex]);
        Assert.True(meanHappy > meanHappyOnSad + 0.4, $"happy posterior {meanHappy:F2} on happy faces vs {meanHappyOnSad:F2} on sad faces");
    }

    [NeedsFerModelFact("fer2013/train")]
    [Trait("Category", "Slow")]
    public void Fer2013_linear_probe_prints_validation_accuracy()
    {
        var result = Fer2013Evaluation.Run(new Fer2013EvaluationOptions(SharedData.PathOf("fer2013/train"), PerClass: 300));
        foreach (var r in result.Results)
        {
            Console.WriteLine($"FER-2013 {r.Features}: accuracy {r.Scores.Accuracy:F4} weighted F1 {r.Scores.WeightedF1:F4} (n={r.Scores.Count})");
        }

        // Chance is about 1/7; the network was trained on FER-2013, so a probe on its features must do far better.
        Assert.All(result.Results, r => Assert.True(r.Scores.Accuracy > 0.4, $"{r.Features}: {r.Scores.Accuracy:F3}"));
    }

    [NeedsFerModelFact("fer2013/train", "fer2013/val")]
    public void A_separate_validation_folder_is_scored_and_named()
    {
        var options = new Fer2013EvaluationOptions(SharedData.PathOf("fer2013/train"), PerClass: 6, ValidationFolder: SharedData.PathOf("fer2013/val"));
        var result = Fer2013Evaluation.Run(options);
        Assert.Equal(7 * 6, result.TrainCount);
        Assert.Equal(7 * 6, result.ValidationCount);
        Assert.Equal("train → val", result.Split);
        Assert.Equal("train, seeded stratified 20% held out", (options with { ValidationFolder = null }).Split);
    }
}
