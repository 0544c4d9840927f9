using Meiju.Features.Audio;
using Meiju.Features.Evaluation;

namespace Meiju.Features.Tests.Evaluation;

public class ExtractorBenchmarkTests
{
    [Fact]
    public void Reports_a_cost_per_extractor_and_the_media_it_stands_for()
    {
        var costs = ExtractorBenchmark.Run([new LogMelExtractor(), new MfccProsodyExtractor()], calls: 2);
        Assert.Equal(["logmel", "mfcc_prosody"], costs.Select(c => c.Feature));
        Assert.All(costs, c =>
        {
            Assert.Equal(2, c.Calls);
            Assert.True(c.WallMsPerCall > 0);
            Assert.Equal(ExtractorBenchmark.MediaSeconds, c.MediaSecondsPerCall);
            Assert.Contains("audio", c.Unit);
        });
    }

    [Fact]
    public void Synthetic_media_has_every_part_at_the_documented_rates()
    {
        var media = ExtractorBenchmark.Synthetic(1);
        Assert.Equal((int)(ExtractorBenchmark.MediaSeconds * 2.5), media.Frames.Count);
        Assert.Equal(media.Frames.Count, media.Faces.Count);
        Assert.Equal(ExtractorBenchmark.MediaSeconds, media.Audio!.DurationSeconds, 6);
        Assert.False(string.IsNullOrWhiteSpace(media.Texts["transcript"]));
    }
}
