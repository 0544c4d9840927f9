using Meiju.Media.Decoding;
using Meiju.Media.Faces;
using Xunit.Abstractions;

namespace Meiju.Media.Tests;

/// <summary>
/// The cheaper detection settings (smaller detection side, no eye alignment) must still find the face in a real
/// clip; the CPU cost of each is printed for docs/media.md (not asserted).
/// </summary>
public sealed class FaceDetectionSizeTests(ITestOutputHelper output)
{
    [SharedDataFact("cremad-clips/video_flv/1001_DFA_HAP_XX.flv")]
    [Trait("Category", "Slow")]
    public async Task Every_detection_size_finds_the_face()
    {
        var probe = await MediaProber.ProbeAsync(SharedData.PathOf("cremad-clips/video_flv/1001_DFA_HAP_XX.flv"));
        var frames = await VideoDecoder.ReadAllFramesAsync(probe, new FrameSampling { EveryNth = 2 });
        FaceOptions[] settings =
        [
            new(), new() { Align = false }, new() { DetectionSide = 240 }, new() { DetectionSide = 240, Align = false },
            new() { DetectionSide = 160 },
        ];
        foreach (var o in settings)
        {
            using var detector = new HaarFaceDetector(o);
            detector.Crop(frames.Take(1).ToList());
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var crops = detector.Crop(frames);
            cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
            output.WriteLine($"detection side {o.DetectionSide}, align {o.Align}: {crops.Count}/{frames.Count} frames, {cpu.TotalMilliseconds / frames.Count:F1} ms process CPU per frame");
            Assert.True(crops.Count >= frames.Count * 0.8, $"side {o.DetectionSide}: {crops.Count}/{frames.Count}");
            Assert.All(crops, c => Assert.InRange(c.Box.X + c.Box.Width / 2, 480 * 0.25, 480 * 0.75));
        }
    }
}
