namespace Meiju.Media.Faces;

/// <summary>
/// Picks the speaker's face from per-frame candidates. Haar cascades fire on background texture now and then, so a
/// single frame's largest box is not trusted: candidates are linked into tracks by overlap, the track with the
/// most, largest and most central detections wins, gaps of up to <c>maxGap</c> sampled frames are interpolated,
/// and the box is smoothed over neighbouring frames to remove jitter.
/// </summary>
public static class FaceTracker
{
    /// <summary>Confidence given to boxes filled in from the track rather than detected.</summary>
    public const float FilledConfidence = 0.3f;

    /// <summary>
    /// One box (or null) per frame for the dominant face track in frames of size
    /// <paramref name="width"/> × <paramref name="height"/>.
    /// </summary>
    public static FaceBox?[] Track(IReadOnlyList<IReadOnlyList<FaceBox>> candidates, int width, int height, int maxGap)
    {
        var frames = candidates.Count;
        var result = new FaceBox?[frames];
        var tracks = new List<List<(int Frame, FaceBox Box)>>();
        for (var f = 0; f < frames; f++)
        {
            foreach (var box in candidates[f].OrderByDescending(b => b.Width * b.Height))
            {
                List<(int Frame, FaceBox Box)>? best = null;
                var bestIoU = 0.3;
                foreach (var track in tracks)
                {
                    var last = track[^1];
                    if (last.Frame == f || f - last.Frame > maxGap + 1)
                    {
                        continue;
                    }

                    var iou = last.Box.IoU(box);
                    if (iou > bestIoU)
                    {
                        bestIoU = iou;
                        best = track;
                    }
                }

                if (best is null)
                {
                    tracks.Add([(f, box)]);
                }
                else
                {
                    best.Add((f, box));
                }
            }
        }

        if (tracks.Count == 0)
        {
            return result;
        }

        var winner = tracks.MaxBy(track => track.Sum(d => Score(d.Box, width, height)))!;

        foreach (var (frame, box) in winner)
        {
            result[frame] = box;
        }

        // Fill short gaps inside the track by interpolation and extend its ends by up to maxGap frames.
        for (var i = 1; i < winner.Count; i++)
        {
            var (f0, b0) = winner[i - 1];
            var (f1, b1) = winner[i];
            for (var f = f0 + 1; f < f1; f++)
            {
                result[f] = b0.Lerp(b1, (double)(f - f0) / (f1 - f0), FilledConfidence);
            }
        }

        var first = winner[0];
        var lastDet = winner[^1];
        for (var f = Math.Max(0, first.Frame - maxGap); f < first.Frame; f++)
        {
            result[f] = first.Box with { Confidence = FilledConfidence };
        }

        for (var f = lastDet.Frame + 1; f <= Math.Min(frames - 1, lastDet.Frame + maxGap); f++)
        {
            result[f] = lastDet.Box with { Confidence = FilledConfidence };
        }

        return Smooth(result);
    }

    /// <summary>
    /// How much one detection speaks for being the speaker's face in a <paramref name="width"/> ×
    /// <paramref name="height"/> frame: larger, more central and more confident is better. A track's score is the
    /// sum over its detections.
    /// </summary>
    public static double Score(FaceBox box, int width, int height)
    {
        var frameArea = (double)width * height;
        var diag = Math.Sqrt((double)width * width + (double)height * height) / 2;
        var size = Math.Sqrt(box.Width * box.Height / frameArea);
        var off = Math.Sqrt(Math.Pow(box.CenterX - width / 2.0, 2) + Math.Pow(box.CenterY - height / 2.0, 2)) / diag;
        return size * (1 - 0.5 * off) * (0.5 + box.Confidence);
    }

    private static FaceBox?[] Smooth(FaceBox?[] boxes)
    {
        var smooth = new FaceBox?[boxes.Length];
        for (var f = 0; f < boxes.Length; f++)
        {
            if (boxes[f] is not { } centre)
            {
                continue;
            }

            double x = 0, y = 0, w = 0, h = 0, weight = 0;
            for (var d = -1; d <= 1; d++)
            {
                if (f + d >= 0 && f + d < boxes.Length && boxes[f + d] is { } b)
                {
                    var k = d == 0 ? 2.0 : 1.0;
                    x += b.X * k;
                    y += b.Y * k;
                    w += b.Width * k;
                    h += b.Height * k;
                    weight += k;
                }
            }

            smooth[f] = new FaceBox(x / weight, y / weight, w / weight, h / weight, centre.Confidence);
        }

        return smooth;
    }
}
