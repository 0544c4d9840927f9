using System.Runtime.InteropServices;
using OpenCvSharp;

namespace Meiju.Media.Faces;

/// <summary>
/// Finds and crops the speaker's face in sampled frames with OpenCV Haar cascades (OpenCvSharp4, cascades from
/// Debian opencv-data): detection on a shrunk grey frame, <see cref="FaceTracker"/> to choose one face across
/// frames, then an eye-levelled square crop resized to <see cref="FaceOptions.CropSize"/> in grey and RGB.
/// Cascade objects are not safe to share between threads, so each call rents a pair from a pool. (Thread-local
/// cascades were loaded again on every thread-pool thread an async caller resumed on: each load parses about
/// 1 MB of XML, as much as detecting faces in a short clip.)
/// </summary>
public sealed class HaarFaceDetector : IDisposable
{
    private readonly FaceOptions _options;
    private readonly string _facePath;
    private readonly string? _eyePath;
    private readonly System.Collections.Concurrent.ConcurrentBag<Cascades> _idle = [];
    private readonly List<Cascades> _all = [];

    /// <summary>Loads the cascades named in <paramref name="options"/> (throws when they are missing).</summary>
    public HaarFaceDetector(FaceOptions? options = null)
    {
        _options = options ?? new FaceOptions();
        if (_options.CropSize < 8 || !(_options.Margin > 0) || _options.DetectionSide < 32 || !(_options.ScaleFactor > 1.0))
        {
            throw new ArgumentException(
                $"faces: crop size must be ≥ 8, margin > 0, detection side ≥ 32, scale factor > 1 (got {_options.CropSize}, {_options.Margin}, {_options.DetectionSide}, {_options.ScaleFactor})");
        }

        if (_options.Threads > 0)
        {
            Cv2.SetNumThreads(_options.Threads);
        }

        var facePath = _options.CascadePath(_options.FaceCascade);
        var eyePath = _options.Align ? _options.CascadePath(_options.EyeCascade) : null;
        _facePath = facePath;
        _eyePath = eyePath;
        Return(Rent());
    }

    /// <summary>The options in force.</summary>
    public FaceOptions Options => _options;

    /// <summary>Face candidates in <paramref name="frame"/>, in frame pixels.</summary>
    public IReadOnlyList<FaceBox> Detect(VideoFrame frame) => Search(frame, null);

    /// <summary>
    /// Face candidates in <paramref name="frame"/> near <paramref name="near"/> (a face found in the previous
    /// sampled frame): only a window around it and sizes from 0.7 to 1.4 times its size are searched, a small
    /// fraction of a full detection's work. The window is cut from the same equalised detection image, so a face
    /// found here is the box a full detection gives.
    /// </summary>
    public IReadOnlyList<FaceBox> DetectNear(VideoFrame frame, FaceBox near) => Search(frame, near);

    private IReadOnlyList<FaceBox> Search(VideoFrame frame, FaceBox? near)
    {
        var (small, scale) = Prepare(frame);
        using (small)
        {
            var cascades = Rent();
            try
            {
                return DetectIn(cascades, small, scale, near);
            }
            finally
            {
                Return(cascades);
            }
        }
    }

    private (Mat Small, double Scale) Prepare(VideoFrame frame)
    {
        using var grey = ToGrey(frame);
        var scale = Math.Min(1.0, (double)_options.DetectionSide / Math.Max(frame.Width, frame.Height));
        var small = new Mat();
        Cv2.Resize(grey, small, new Size(Math.Max(1, (int)(frame.Width * scale)), Math.Max(1, (int)(frame.Height * scale))),
            interpolation: InterpolationFlags.Area);
        Cv2.EqualizeHist(small, small);
        return (small, scale);
    }

    private List<FaceBox> DetectIn(Cascades cascades, Mat small, double scale, FaceBox? near)
    {
        var min = Math.Max(12, (int)(Math.Min(small.Width, small.Height) * _options.MinFaceFraction));
        var max = new Size();
        var region = new Rect(0, 0, small.Width, small.Height);
        if (near is { } n)
        {
            var side = Math.Max(n.Width, n.Height) * scale;
            min = Math.Max(min, (int)(side * 0.7));
            var maxSide = (int)Math.Ceiling(side * 1.4);
            max = new Size(maxSide, maxSide);
            var pad = side * 0.5;
            region = ClampRect(
                new Rect((int)(n.X * scale - pad), (int)(n.Y * scale - pad), (int)(n.Width * scale + 2 * pad), (int)(n.Height * scale + 2 * pad)),
                small.Width, small.Height);
            if (region.Width < min || region.Height < min)
            {
                return [];
            }
        }

        using var window = near is null ? null : new Mat(small, region);
        var rects = cascades.Face.DetectMultiScale(window ?? small, out _, out var weights, _options.ScaleFactor, _options.MinNeighbors,
            HaarDetectionTypes.ScaleImage, new Size(min, min), max, outputRejectLevels: true);
        var boxes = new List<FaceBox>(rects.Length);
        for (var i = 0; i < rects.Length; i++)
        {
            var r = rects[i];
            // levelWeights is the last stage's margin: map it to (0, 1) so tracks can weigh detections.
            var w = i < weights.Length ? weights[i] : 0;
            var confidence = (float)(1 / (1 + Math.Exp(-w)));
            boxes.Add(new FaceBox((r.X + region.X) / scale, (r.Y + region.Y) / scale, r.Width / scale, r.Height / scale, confidence));
        }

        return boxes;
    }

    /// <summary>
    /// Detects, tracks and crops the speaker's face in <paramref name="frames"/> (one video, in order). Frames
    /// without a face (none found, not fillable from the track) get no crop. A full detection runs every
    /// <see cref="FaceOptions.RedetectEvery"/> sampled frames and whenever the followed face is lost; in between,
    /// only the neighbourhood of the previous frame's most likely speaker face is searched.
    /// </summary>
    public IReadOnlyList<FaceCrop> Crop(IReadOnlyList<VideoFrame> frames, CancellationToken cancellationToken = default)
    {
        if (frames.Count == 0)
        {
            return [];
        }

        var candidates = new IReadOnlyList<FaceBox>[frames.Count];
        FaceBox? follow = null;
        var every = Math.Max(1, _options.RedetectEvery);
        for (var i = 0; i < frames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var found = follow is { } previous && i % every != 0 ? DetectNear(frames[i], previous) : [];
            if (found.Count == 0)
            {
                found = Detect(frames[i]);
            }

            candidates[i] = found;
            follow = found.Count == 0 ? null : found.MaxBy(b => FaceTracker.Score(b, frames[i].Width, frames[i].Height));
        }

        var boxes = FaceTracker.Track(candidates, frames[0].Width, frames[0].Height, _options.MaxGap);
        var cascades = Rent();
        try
        {
            var crops = new List<FaceCrop>();
            double lastAngle = 0;
            for (var i = 0; i < frames.Count; i++)
            {
                if (boxes[i] is not { } box)
                {
                    continue;
                }

                var frame = frames[i];
                using var rgb = ToMat(frame);
                if (_options.Align && EyeAngle(cascades, rgb, box) is { } angle)
                {
                    // Eye detections are noisy: move halfway towards the new angle.
                    lastAngle = 0.5 * lastAngle + 0.5 * angle;
                }

                crops.Add(CropOne(rgb, frame.Index, box, _options.Align ? lastAngle : 0));
            }

            return crops;
        }
        finally
        {
            Return(cascades);
        }
    }

    /// <summary>The in-plane angle (degrees) of the line through both eyes, or null when two eyes are not found.</summary>
    private double? EyeAngle(Cascades cascades, Mat rgb, FaceBox box)
    {
        var roi = ClampRect(new Rect((int)box.X, (int)box.Y, (int)box.Width, (int)(box.Height * 0.55)), rgb.Width, rgb.Height);
        if (roi.Width < 24 || roi.Height < 12)
        {
            return null;
        }

        using var part = new Mat(rgb, roi);
        using var grey = new Mat();
        Cv2.CvtColor(part, grey, ColorConversionCodes.RGB2GRAY);
        // Eyes are searched in the face shrunk to ≤ 96 px wide: a third of the cost at 320-px detection, and the
        // angle does not change under uniform scaling.
        if (grey.Width > 96)
        {
            Cv2.Resize(grey, grey, new Size(96, Math.Max(1, grey.Height * 96 / grey.Width)), interpolation: InterpolationFlags.Area);
        }

        Cv2.EqualizeHist(grey, grey);
        var width = grey.Width;
        var min = Math.Max(6, width / 8);
        var eyes = cascades.Eye.DetectMultiScale(grey, 1.1, 3, HaarDetectionTypes.ScaleImage, new Size(min, min), new Size(width / 2, width / 2));
        var left = eyes.Where(e => e.X + e.Width / 2 < width / 2).OrderByDescending(e => e.Width).FirstOrDefault();
        var right = eyes.Where(e => e.X + e.Width / 2 >= width / 2).OrderByDescending(e => e.Width).FirstOrDefault();
        if (left.Width == 0 || right.Width == 0)
        {
            return null;
        }

        var dx = (right.X + right.Width / 2.0) - (left.X + left.Width / 2.0);
        var dy = (right.Y + right.Height / 2.0) - (left.Y + left.Height / 2.0);
        var angle = Math.Atan2(dy, dx) * 180 / Math.PI;
        return Math.Abs(angle) <= 25 ? angle : null;
    }

    private FaceCrop CropOne(Mat rgb, int frameIndex, FaceBox box, double angle)
    {
        var size = _options.CropSize;
        var side = Math.Max(box.Width, box.Height) * _options.Margin;
        var cx = box.CenterX;
        var cy = box.CenterY;
        // Rotate about the face centre and scale the square of `side` pixels onto the crop, centred.
        using var m = Cv2.GetRotationMatrix2D(new Point2f((float)cx, (float)cy), angle, size / side);
        m.Set(0, 2, m.Get<double>(0, 2) + size / 2.0 - cx);
        m.Set(1, 2, m.Get<double>(1, 2) + size / 2.0 - cy);
        using var outRgb = new Mat();
        Cv2.WarpAffine(rgb, outRgb, m, new Size(size, size), InterpolationFlags.Area, BorderTypes.Replicate);
        using var outGrey = new Mat();
        Cv2.CvtColor(outRgb, outGrey, ColorConversionCodes.RGB2GRAY);
        var x = (int)Math.Round(box.X);
        var y = (int)Math.Round(box.Y);
        return new FaceCrop(frameIndex, size, Bytes(outGrey), Bytes(outRgb),
            (x, y, (int)Math.Round(box.Width), (int)Math.Round(box.Height)), box.Confidence);
    }

    internal static Mat ToMat(VideoFrame frame)
    {
        if (frame.Rgb.Length != frame.Width * frame.Height * 3)
        {
            throw new ArgumentException($"frame {frame.Index}: {frame.Rgb.Length} bytes for {frame.Width}×{frame.Height} RGB24");
        }

        var mat = new Mat(frame.Height, frame.Width, MatType.CV_8UC3);
        Marshal.Copy(frame.Rgb, 0, mat.Data, frame.Rgb.Length);
        return mat;
    }

    private static Mat ToGrey(VideoFrame frame)
    {
        using var rgb = ToMat(frame);
        var grey = new Mat();
        Cv2.CvtColor(rgb, grey, ColorConversionCodes.RGB2GRAY);
        return grey;
    }

    internal static byte[] Bytes(Mat mat)
    {
        using var continuous = mat.IsContinuous() ? null : mat.Clone();
        var source = continuous ?? mat;
        var bytes = new byte[source.Total() * source.ElemSize()];
        Marshal.Copy(source.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    private static Rect ClampRect(Rect r, int width, int height)
    {
        var x0 = Math.Clamp(r.X, 0, width);
        var y0 = Math.Clamp(r.Y, 0, height);
        var x1 = Math.Clamp(r.X + r.Width, 0, width);
        var y1 = Math.Clamp(r.Y + r.Height, 0, height);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    private Cascades Rent()
    {
        if (_idle.TryTake(out var cascades))
        {
            return cascades;
        }

        var face = Load(_facePath);
        cascades = new Cascades(face, _eyePath is null ? face : Load(_eyePath));
        lock (_all)
        {
            _all.Add(cascades);
        }

        return cascades;
    }

    private void Return(Cascades cascades) => _idle.Add(cascades);

    /// <summary>A face and an eye cascade used by one thread at a time.</summary>
    private sealed record Cascades(CascadeClassifier Face, CascadeClassifier Eye);

    private static CascadeClassifier Load(string path)
    {
        var c = new CascadeClassifier(path);
        if (c.Empty())
        {
            c.Dispose();
            throw new InvalidDataException($"{path}: not a readable Haar cascade");
        }

        return c;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_all)
        {
            foreach (var c in _all)
            {
                c.Face.Dispose();
                c.Eye.Dispose();
            }

            _all.Clear();
        }
    }
}
