namespace Meiju.Metrics;

/// <summary>
/// The MEIJU ranking metric: the harmonic mean of the emotion and intent scores, JRBM = 2·E·I / (E + I + 1e-6).
/// The 1e-6 keeps it defined at E = I = 0 and makes JRBM(1, 1) = 0.9999995, not 1, exactly as the challenge does.
/// </summary>
public static class Jrbm
{
    /// <summary>The term the challenge adds to the denominator.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>JRBM of an emotion score <paramref name="emotion"/> and an intent score <paramref name="intent"/>.</summary>
    public static double Compute(double emotion, double intent) => 2 * emotion * intent / (emotion + intent + Epsilon);
}
