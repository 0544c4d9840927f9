namespace Meiju.Media;

/// <summary>An aligned face cut from one sampled frame.</summary>
/// <param name="FrameIndex">Index of the source frame in the stream.</param>
/// <param name="Size">Side of the square crop in pixels.</param>
/// <param name="Gray">Size × Size 8-bit grey pixels, row-major (what facial-expression networks take).</param>
/// <param name="Rgb">Size × Size × 3 RGB24 pixels of the same crop.</param>
/// <param name="Box">The face box in the source frame: x, y, width, height in pixels.</param>
/// <param name="Confidence">Detector confidence in [0, 1].</param>
public sealed record FaceCrop(int FrameIndex, int Size, byte[] Gray, byte[] Rgb, (int X, int Y, int Width, int Height) Box, float Confidence);
