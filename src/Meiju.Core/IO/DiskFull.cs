namespace Meiju.IO;

/// <summary>
/// Tells a full disk (or an exhausted quota) apart from other write failures: it is not a problem of the item being
/// written, so a batch job must stop with one clear line instead of failing every remaining item the same way.
/// </summary>
public static class DiskFull
{
    private const int NoSpace = 28;      // ENOSPC
    private const int QuotaExceeded = 122; // EDQUOT

    /// <summary>True when <paramref name="ex"/> (or an inner exception) says the disk or quota is full.</summary>
    public static bool Is(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is IOException io && ((io.HResult & 0xFFFF) is NoSpace or QuotaExceeded
                || io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
                || io.Message.Contains("quota exceeded", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The one-line error for a full disk met while writing <paramref name="path"/>.</summary>
    public static MeijuDataException Error(string path, string whatIsKept) =>
        new(path, $"disk full (no space left on the device) while writing; {whatIsKept}. Free some space and run the same command again");
}
