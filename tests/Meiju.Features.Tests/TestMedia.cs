using Meiju.Media;

namespace Meiju.Features.Tests;

/// <summary>Builds UtteranceMedia by hand for tests (no decoder needed).</summary>
internal static class TestMedia
{
    public static UtteranceMedia Empty(string name = "utt") =>
        new(name, $"/fake/{name}.mp4", [], null, [], new Dictionary<string, string>());

    public static UtteranceMedia WithAudio(float[] samples, int rate = 16000, string name = "utt") =>
        Empty(name) with { Audio = new AudioSignal(samples, rate) };

    public static UtteranceMedia WithText(string text, string name = "utt") =>
        Empty(name) with { Texts = new Dictionary<string, string> { ["transcript"] = text } };

    /// <summary>A voiced-like tone: 150 Hz fundamental with harmonics, 1 s of silence-free signal.</summary>
    public static float[] Tone(double seconds = 1.0, double f0 = 150, int rate = 16000)
    {
        var x = new float[(int)(seconds * rate)];
        for (var i = 0; i < x.Length; i++)
        {
            var t = (double)i / rate;
            x[i] = (float)((0.3 * Math.Sin(2 * Math.PI * f0 * t)) + (0.15 * Math.Sin(2 * Math.PI * 2 * f0 * t)) + (0.08 * Math.Sin(2 * Math.PI * 3 * f0 * t)));
        }

        return x;
    }

    public static FaceCrop Face(byte[] gray, int size, int frame = 0)
    {
        var rgb = new byte[gray.Length * 3];
        for (var i = 0; i < gray.Length; i++)
        {
            rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = gray[i];
        }

        return new FaceCrop(frame, size, gray, rgb, (0, 0, size, size), 1f);
    }

    public static VideoFrame Frame(int width, int height, int seed, int index = 0)
    {
        var rng = new Random(seed);
        var rgb = new byte[width * height * 3];
        rng.NextBytes(rgb);
        return new VideoFrame(width, height, rgb, index, index / 25.0);
    }
}
