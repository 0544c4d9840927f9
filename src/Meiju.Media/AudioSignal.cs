namespace Meiju.Media;

/// <summary>Mono audio as float samples in [-1, 1].</summary>
/// <param name="Samples">The samples.</param>
/// <param name="SampleRate">Samples per second (16,000 after Meiju's preprocessing).</param>
public sealed record AudioSignal(float[] Samples, int SampleRate)
{
    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => SampleRate == 0 ? 0 : (double)Samples.Length / SampleRate;
}
