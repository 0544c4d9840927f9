using System.Globalization;
using System.Text;
using Meiju.Media.Decoding;

namespace Meiju.Media.Subtitles;

/// <summary>
/// Reads burned-in subtitles with Debian's Tesseract 5 CLI: crop the subtitle band, binarise it (bright text →
/// black on white), skip frames whose band is empty or unchanged, OCR the rest in one Tesseract run (a list file
/// of images: the language models load once per utterance), then merge the per-frame lines into one line of text.
/// </summary>
public sealed class SubtitleReader
{
    private readonly SubtitleOptions _options;

    /// <summary>Creates the reader.</summary>
    public SubtitleReader(SubtitleOptions? options = null)
    {
        _options = options ?? new SubtitleOptions();
        _options.Validate();
    }

    /// <summary>The options in force.</summary>
    public SubtitleOptions Options => _options;

    /// <summary>The one line of subtitle text in <paramref name="frames"/>, or "" when none was read.</summary>
    public async Task<string> ReadAsync(IReadOnlyList<VideoFrame> frames, CancellationToken cancellationToken = default)
    {
        var lines = await ReadFramesAsync(frames, cancellationToken).ConfigureAwait(false);
        return Merge(lines);
    }

    /// <summary>The text read from each frame that was sent to OCR, in frame order.</summary>
    public async Task<IReadOnlyList<string>> ReadFramesAsync(IReadOnlyList<VideoFrame> frames, CancellationToken cancellationToken = default)
    {
        var bands = SelectBands(frames);
        if (bands.Count == 0)
        {
            return [];
        }

        var dir = Directory.CreateTempSubdirectory("meiju-ocr-");
        try
        {
            var files = new List<string>();
            for (var i = 0; i < bands.Count; i++)
            {
                var file = Path.Combine(dir.FullName, $"band{i:D3}.pgm");
                WritePgm(file, bands[i]);
                files.Add(file);
            }

            var list = Path.Combine(dir.FullName, "bands.txt");
            await File.WriteAllLinesAsync(list, files, cancellationToken).ConfigureAwait(false);
            // One thread per Tesseract: extraction already runs items in parallel.
            var env = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" };
            var (code, stdout, stderr) = await FfmpegTools.RunAsync(_options.Tesseract,
                [list, "stdout", "-l", _options.Languages, "--psm", "6"], cancellationToken, env).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"tesseract failed (exit {code}): {RunningTool.LastLine(stderr)}");
            }

            // Tesseract ends each page with a form feed.
            return stdout.Split('\f').Take(bands.Count).Select(Clean).ToArray();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Merges per-frame OCR lines into one: a subtitle shown over several frames is read several times, often with
    /// small OCR differences, so near-duplicates (normalised edit distance ≤ 0.35) collapse into their most
    /// frequent (then longest) reading, in order of first appearance.
    /// </summary>
    public static string Merge(IEnumerable<string> lines)
    {
        var groups = new List<List<string>>();
        foreach (var raw in lines)
        {
            var line = TextDistance.Normalize(raw);
            if (!LooksLikeText(line))
            {
                continue;
            }

            var group = groups.FirstOrDefault(g => g.Any(x => TextDistance.NormalizedDistance(x, line) <= 0.35));
            if (group is null)
            {
                groups.Add([line]);
            }
            else
            {
                group.Add(line);
            }
        }

        var picked = groups.Select(g => g.GroupBy(x => x, StringComparer.Ordinal)
            .OrderByDescending(x => x.Count()).ThenByDescending(x => x.Key.Length).First().Key);
        return TextDistance.Normalize(string.Join(' ', picked));
    }

    /// <summary>Cuts and binarises the band of each frame, keeping only frames that show new text.</summary>
    internal List<Band> SelectBands(IReadOnlyList<VideoFrame> frames)
    {
        var all = new List<Band>();
        Band? last = null;
        foreach (var frame in frames)
        {
            var band = Binarise(frame);
            if (band.InkFraction < 0.002 || band.InkFraction > 0.5)
            {
                // Empty band, or a bright scene rather than text.
                continue;
            }

            if (last is not null && band.DifferenceFrom(last) < _options.ChangeThreshold)
            {
                continue;
            }

            all.Add(band);
            last = band;
        }

        if (all.Count <= _options.MaxOcrFrames)
        {
            return all;
        }

        // Too many changes (busy background): spread the OCR budget evenly over the utterance.
        return Enumerable.Range(0, _options.MaxOcrFrames).Select(i => all[i * all.Count / _options.MaxOcrFrames]).ToList();
    }

    /// <summary>
    /// The subtitle band of <paramref name="frame"/> as black text (0) on white (255), upscaled. The grey band is
    /// upscaled bilinearly before the threshold: thresholding first and then repeating pixels gives jagged thin
    /// strokes, which made Tesseract read 22-px Chinese as Latin garbage (measured: CER 1.06 → 0 on one clip).
    /// </summary>
    internal Band Binarise(VideoFrame frame)
    {
        var top = (int)(frame.Height * _options.BandTop);
        var bottom = Math.Max(top + 1, (int)(frame.Height * _options.BandBottom));
        var w = frame.Width;
        var h = bottom - top;
        var grey = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var o = ((top + y) * w + x) * 3;
                var g = 0.299f * frame.Rgb[o] + 0.587f * frame.Rgb[o + 1] + 0.114f * frame.Rgb[o + 2];
                grey[y * w + x] = _options.DarkText ? 255 - g : g;
            }
        }

        var up = _options.Upscale;
        var ow = w * up;
        var oh = h * up;
        var pixels = new byte[ow * oh];
        var ink = 0;
        for (var y = 0; y < oh; y++)
        {
            var sy = Math.Clamp((y + 0.5f) / up - 0.5f, 0, h - 1);
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, h - 1);
            var fy = sy - y0;
            for (var x = 0; x < ow; x++)
            {
                var sx = Math.Clamp((x + 0.5f) / up - 0.5f, 0, w - 1);
                var x0 = (int)sx;
                var x1 = Math.Min(x0 + 1, w - 1);
                var fx = sx - x0;
                var top0 = grey[y0 * w + x0] + (grey[y0 * w + x1] - grey[y0 * w + x0]) * fx;
                var bot0 = grey[y1 * w + x0] + (grey[y1 * w + x1] - grey[y1 * w + x0]) * fx;
                var v = top0 + (bot0 - top0) * fy;
                if (v >= _options.TextThreshold)
                {
                    ink++;
                }
                else
                {
                    pixels[y * ow + x] = 255;
                }
            }
        }

        return new Band(ow, oh, pixels, (double)ink / (ow * oh), frame.Index);
    }

    private static void WritePgm(string path, Band band)
    {
        using var stream = File.Create(path);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{band.Width} {band.Height}\n255\n"));
        stream.Write(header);
        stream.Write(band.Pixels);
    }

    private static string Clean(string page)
    {
        var text = TextDistance.Normalize(string.Join(' ', page.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        // Tesseract's commonest slip on subtitles: a lone capital I read as a bar ("| can't", "of course | am").
        return LoneBar.Replace(text, "I");
    }

    private static readonly System.Text.RegularExpressions.Regex LoneBar =
        new(@"(?<=^|\s)\|(?=\s|'|$)", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>Keeps lines with at least two letters, digits or CJK characters (drops OCR speckle like "- |").</summary>
    private static bool LooksLikeText(string line) => line.Count(c => char.IsLetterOrDigit(c) || TextDistance.IsCjk(c)) >= 2;

    /// <summary>A binarised band.</summary>
    internal sealed record Band(int Width, int Height, byte[] Pixels, double InkFraction, int FrameIndex)
    {
        public double DifferenceFrom(Band other)
        {
            if (other.Pixels.Length != Pixels.Length)
            {
                return 1;
            }

            var diff = 0;
            for (var i = 0; i < Pixels.Length; i++)
            {
                if (Pixels[i] != other.Pixels[i])
                {
                    diff++;
                }
            }

            return (double)diff / Pixels.Length;
        }
    }
}
