using Meiju.Features.Onnx;

namespace Meiju.Features.Tests.Onnx;

/// <summary>
/// The session count is process-wide, so these tests run alone: any other test class loading a model at the same
/// time would change it between the two reads.
/// </summary>
[Collection(SessionCountCollection.Name)]
public class OnnxSessionCacheTests
{
    [Fact]
    public void Sessions_are_cached_across_extractor_instances()
    {
        var registry = new FeatureRegistry();
        registry.Create("minilm_tokens");
        var before = OnnxSessionCache.Count;
        registry.Create("minilm_tokens");
        registry.Create("minilm_sentence");
        Assert.Equal(before, OnnxSessionCache.Count);
    }
}

/// <summary>Tests that read <see cref="OnnxSessionCache.Count"/> and must not overlap with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SessionCountCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "onnx session count";
}
