namespace Meiju.Media;

/// <summary>One decoded video frame as packed 8-bit RGB (RGB24), row-major, no row padding.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Rgb">Width × Height × 3 bytes.</param>
/// <param name="Index">Index of the frame in the source stream (before sampling).</param>
/// <param name="TimeSeconds">Presentation time of the frame in seconds.</param>
public sealed record VideoFrame(int Width, int Height, byte[] Rgb, int Index, double TimeSeconds);
