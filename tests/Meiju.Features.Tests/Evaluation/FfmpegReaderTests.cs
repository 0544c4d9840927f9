using Meiju.Features.Evaluation;

namespace Meiju.Features.Tests.Evaluation;

public class FfmpegReaderTests
{
    [SharedDataFact("ravdess-speech-16k/Actor_01")]
    public void Batch_decoding_matches_one_by_one_decoding()
    {
        var files = Directory.GetFiles(SharedData.PathOf("ravdess-speech-16k/Actor_01"), "*.flac").Order(StringComparer.Ordinal).Take(3).ToList();
        var batch = FfmpegReader.ReadAudioBatch(files);
        for (var i = 0; i < files.Count; i++)
        {
            var single = FfmpegReader.ReadAudio(files[i]);
            Assert.Equal(16000, batch[i].SampleRate);
            Assert.Equal(single.Samples.Length, batch[i].Samples.Length);
            Assert.Equal(single.Samples, batch[i].Samples);
        }
    }
}

public class ScoresAndRegressionTests
{
    [Fact]
    public void Weighted_f1_weights_by_support()
    {
        // gold: 3×class0, 1×class1; predicted all class0 → F1(0)=2·3/(6+1)=6/7, F1(1)=0.
        var s = ClassificationScores.Of([0, 0, 0, 1], [0, 0, 0, 0], 2);
        Assert.Equal(0.75, s.Accuracy, 6);
        Assert.Equal(6.0 / 7 * 0.75, s.WeightedF1, 6);
        Assert.Equal(6.0 / 7 / 2, s.MacroF1, 6);
    }

    [Fact]
    public void Softmax_regression_separates_gaussian_blobs_and_is_seeded()
    {
        var rng = new Random(5);
        var x = new List<float[]>();
        var y = new List<int>();
        for (var i = 0; i < 300; i++)
        {
            var c = i % 3;
            x.Add([(float)((c * 3) + rng.NextDouble()), (float)((c == 1 ? 4 : 0) + rng.NextDouble()), (float)rng.NextDouble()]);
            y.Add(c);
        }

        var a = SoftmaxRegression.Fit(x, y, 3, seed: 1, epochs: 30);
        var b = SoftmaxRegression.Fit(x, y, 3, seed: 1, epochs: 30);
        var predicted = x.Select(a.Predict).ToList();
        Assert.True(ClassificationScores.Of(y, predicted, 3).Accuracy > 0.95);
        Assert.Equal(predicted, x.Select(b.Predict).ToList());
    }
}
