namespace Meiju;

/// <summary>
/// A GPU was asked for (<c>--device cuda</c>) and cannot be used here: the build has no CUDA backend, or the
/// machine lacks the driver or the CUDA libraries. The message says which and what to do, in one line.
/// </summary>
public sealed class DeviceUnavailableException(string message) : Exception(message);
