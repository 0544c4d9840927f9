using Meiju.Media.Decoding;
using Meiju.Media.Faces;
using Xunit.Abstractions;

namespace Meiju.Media.Tests;

public sealed class RealFaceTests
{
    private readonly ITestOutputHelper _output;

    public RealFaceTests(ITestOutputHelper output) => _output = output;

    [SharedDataFact("cremad-clips/video_flv/1001_DFA_HAP_XX.flv")]
    public async Task Crops_follow_the_face_in_a_real_clip()
    {
        var path = SharedData.PathOf("cremad-clips/video_flv/1001_DFA_HAP_XX.flv");
        var probe = await MediaProber.ProbeAsync(path);
        var frames = await VideoDecoder.ReadAllFramesAsync(probe, new FrameSampling { EveryNth = 5 });
        using var detector = new HaarFaceDetector();
        detector.Crop(frames.Take(1).ToList());
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var crops = detector.Crop(frames);
        cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        _output.WriteLine($"faces: {crops.Count}/{frames.Count} frames, {cpu.TotalMilliseconds / frames.Count:F1} ms CPU per frame");
        // Nearly every sampled frame of a talking head has its face.
        Assert.True(crops.Count >= frames.Count * 0.8, $"{crops.Count} crops for {frames.Count} frames");
        Assert.All(crops, c =>
        {
            Assert.Equal(112 * 112, c.Gray.Length);
            Assert.Equal(112 * 112 * 3, c.Rgb.Length);
            // CREMA-D frames show one actor in the middle: the box must be there and of face size.
            Assert.InRange(c.Box.X + c.Box.Width / 2, 480 * 0.25, 480 * 0.75);
            Assert.InRange(c.Box.Width, 60, 300);
        });
        var xs = crops.Select(c => c.Box.X).ToArray();
        Assert.True(xs.Max() - xs.Min() < 60, "the box jumps between frames");
    }
}
