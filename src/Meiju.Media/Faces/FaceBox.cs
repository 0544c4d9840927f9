namespace Meiju.Media.Faces;

/// <summary>A face candidate in frame pixels.</summary>
/// <param name="X">Left.</param>
/// <param name="Y">Top.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
/// <param name="Confidence">Detector confidence in [0, 1].</param>
public readonly record struct FaceBox(double X, double Y, double Width, double Height, float Confidence)
{
    /// <summary>Centre x.</summary>
    public double CenterX => X + Width / 2;

    /// <summary>Centre y.</summary>
    public double CenterY => Y + Height / 2;

    /// <summary>Intersection over union with <paramref name="other"/>.</summary>
    public double IoU(FaceBox other)
    {
        var ix = Math.Max(0, Math.Min(X + Width, other.X + other.Width) - Math.Max(X, other.X));
        var iy = Math.Max(0, Math.Min(Y + Height, other.Y + other.Height) - Math.Max(Y, other.Y));
        var inter = ix * iy;
        var union = Width * Height + other.Width * other.Height - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /// <summary>Linear interpolation towards <paramref name="other"/> by <paramref name="t"/>.</summary>
    public FaceBox Lerp(FaceBox other, double t, float confidence) => new(
        X + (other.X - X) * t, Y + (other.Y - Y) * t, Width + (other.Width - Width) * t, Height + (other.Height - Height) * t, confidence);
}
