namespace Meiju.Descriptions.Tests;

internal static class Harness
{
    public const string VisionModel = "test/qwen2-vl";
    public const string AudioModel = "test/qwen2-audio";

    public static PromptSet VisionOnly { get; } = new("vision-only", [PromptSet.Default.Prompts[0]]);

    /// <summary>Short timeouts and back-off so failure paths finish in well under a second.</summary>
    public static DescribeOptions Fast(int attempts = 3, double timeoutSeconds = 30, int concurrency = 2) => new()
    {
        Concurrency = concurrency,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        MaxAttempts = attempts,
        BaseRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryAfter = TimeSpan.FromSeconds(2),
    };

    public static Describer Describer(DescriptionStore store, FakeChatServer? vision, FakeChatServer? audio,
        DescribeOptions? options = null, PromptSet? prompts = null) =>
        new(store, new FfmpegDescriptionMediaSource(), prompts ?? PromptSet.Default,
            vision is null ? null : new DescriptionServer(VisionModel, [vision.BaseUrl]),
            audio is null ? null : new DescriptionServer(AudioModel, [audio.BaseUrl]),
            options ?? Fast());

    public static async Task<DescribeSummary> RunAsync(TestMedia media, FakeChatServer? vision, FakeChatServer? audio,
        DescribeOptions? options = null, PromptSet? prompts = null, CancellationToken ct = default)
    {
        using var store = DescriptionStore.Open(media.StorePath);
        using var describer = Describer(store, vision, audio, options, prompts);
        return await describer.RunAsync(Meiju.Descriptions.Describer.FindMedia(media.Videos), null, ct);
    }

    /// <summary>Fails the test instead of hanging when a run takes far longer than it should.</summary>
    public static CancellationToken Deadline(int seconds = 120) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
