namespace Meiju.Media.Faces;

/// <summary>Face detection, tracking and cropping settings.</summary>
public sealed record FaceOptions
{
    /// <summary>Default folder of the Haar cascades from Debian's opencv-data package.</summary>
    public const string DebianCascadeFolder = "/usr/share/opencv4/haarcascades";

    /// <summary>Folder holding the Haar cascade XML files (env <c>MEIJU_HAAR_CASCADES</c>, else Debian's).</summary>
    public string CascadeFolder { get; init; } =
        Environment.GetEnvironmentVariable("MEIJU_HAAR_CASCADES") is { Length: > 0 } env ? env : DebianCascadeFolder;

    /// <summary>Face cascade file name inside <see cref="CascadeFolder"/>.</summary>
    public string FaceCascade { get; init; } = "haarcascade_frontalface_alt2.xml";

    /// <summary>Eye cascade used for in-plane alignment.</summary>
    public string EyeCascade { get; init; } = "haarcascade_eye.xml";

    /// <summary>Side of the square output crop in pixels. Default 112.</summary>
    public int CropSize { get; init; } = 112;

    /// <summary>The crop's side relative to the detected box's larger side (&gt; 1 adds context). Default 1.25.</summary>
    public double Margin { get; init; } = 1.25;

    /// <summary>Frames are shrunk so their longer side is at most this before detection (speed). Default 320.</summary>
    public int DetectionSide { get; init; } = 320;

    /// <summary>Smallest face as a share of the frame's shorter side. Default 0.1.</summary>
    public double MinFaceFraction { get; init; } = 0.1;

    /// <summary>Haar minNeighbors: higher rejects more false positives (and some faces). Default 4.</summary>
    public int MinNeighbors { get; init; } = 4;

    /// <summary>Rotate crops so the eyes are level when both eyes are found. Default on.</summary>
    public bool Align { get; init; } = true;

    /// <summary>Sampled frames across which a missing detection is filled from the track. Default 3.</summary>
    public int MaxGap { get; init; } = 3;

    /// <summary>
    /// A full-frame detection runs on every Nth sampled frame (and whenever the face is lost); the frames between
    /// search only near the previous frame's face. Default 5; 1 runs a full detection on every frame.
    /// </summary>
    public int RedetectEvery { get; init; } = 5;

    /// <summary>
    /// Haar scale step between detection window sizes (OpenCV's scaleFactor). Default 1.2: on the CREMA-D clips
    /// it finds every face 1.1 finds (40 of 40 frames, boxes at a mean IoU of 0.94 with 1.1's) at 58 % of the
    /// cost (docs/benchmarks.md). Smaller searches more sizes: slower, slightly tighter boxes.
    /// </summary>
    public double ScaleFactor { get; init; } = 1.2;

    /// <summary>
    /// OpenCV's worker threads, set when a detector is created (OpenCV has one setting per process). 0 (default)
    /// leaves OpenCV's own choice (all cores); a job that already runs items in parallel sets 1, as OpenCV's
    /// per-call threads then cost more CPU than they save (≈ 15 % more for the same faces, measured).
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Full path of a cascade file, checked to exist.</summary>
    internal string CascadePath(string file)
    {
        var path = Path.Combine(CascadeFolder, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Haar cascade '{path}' not found: install Debian opencv-data (apt-get install opencv-data) or set MEIJU_HAAR_CASCADES");
        }

        return path;
    }
}
