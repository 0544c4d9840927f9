using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Meiju.Features.Onnx;

/// <summary>
/// Puts ONNX Runtime sessions on a CUDA GPU. The default install carries the CPU-only ONNX Runtime; a build with
/// <c>-p:MeijuGpu=true</c> carries <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c> (same version), whose CUDA execution
/// provider is built for CUDA 13. No registry here serves CUDA or cuDNN, so each missing piece is named in one line
/// before ONNX Runtime would fail with a loader message.
/// </summary>
public static class OnnxDevice
{
    /// <summary>The CUDA 13 libraries the CUDA execution provider loads (driver first).</summary>
    public static IReadOnlyList<string> CudaLibraries { get; } =
        ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"];

    /// <summary>Adds the CUDA execution provider for <paramref name="device"/> (nothing for the CPU).</summary>
    /// <exception cref="DeviceUnavailableException">The build has no CUDA provider, or a CUDA library is missing.</exception>
    public static void Apply(SessionOptions options, ComputeDevice device)
    {
        if (!device.IsCuda)
        {
            return;
        }

        CheckAvailable(device);
        try
        {
            options.AppendExecutionProvider_CUDA(device.Index);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DeviceUnavailableException($"--device {device}: ONNX Runtime could not start CUDA on GPU {device.Index}: {e.Message}");
        }
    }

    /// <summary>Checks, without creating a session, that <paramref name="device"/> can be used.</summary>
    /// <exception cref="DeviceUnavailableException">As <see cref="Apply"/>.</exception>
    public static void CheckAvailable(ComputeDevice device)
    {
        if (!device.IsCuda)
        {
            return;
        }

        if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            throw new DeviceUnavailableException($"--device {device}: this build carries the CPU-only ONNX Runtime; rebuild with 'dotnet build -c Release -p:MeijuGpu=true' (docs/gpu.md)");
        }

        var missing = CudaLibraries.Where(l => !CanLoad(l)).ToList();
        if (missing.Count > 0)
        {
            throw new DeviceUnavailableException($"--device {device}: CUDA is not usable here: {string.Join(", ", missing)} not found (install the NVIDIA driver, CUDA 13 and cuDNN 9, or add their folders to LD_LIBRARY_PATH; docs/gpu.md)");
        }
    }

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
