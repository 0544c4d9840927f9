using System.Text.Json;
using Meiju.Metrics;
using Meiju.Model;
using TorchSharp;

namespace Meiju.Training;

/// <summary>Chooses where tensors live.</summary>
public static class TrainingDevice
{
    /// <summary>CUDA when torch finds it (and <paramref name="cpu"/> is false), otherwise the CPU.</summary>
    public static torch.Device Select(bool cpu = false) =>
        !cpu && torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    /// <summary>
    /// Makes <paramref name="device"/> the one <see cref="Select"/> picks, or says in one line why it cannot be:
    /// the default install's TorchSharp-cpu has no CUDA backend (TorchSharp-cuda-linux, built in with
    /// <c>-p:MeijuTorchCuda=true</c>, is not served by the registry here), or no GPU is visible.
    /// </summary>
    /// <returns>True when training should stay on the CPU.</returns>
    /// <exception cref="DeviceUnavailableException">CUDA was asked for and is not usable.</exception>
    public static bool Require(ComputeDevice device)
    {
        if (!device.IsCuda)
        {
            return true;
        }

        if (device.Index > 0)
        {
            // Before libtorch first touches CUDA, this makes GPU N the process's GPU 0, which Select uses.
            Environment.SetEnvironmentVariable("CUDA_VISIBLE_DEVICES", device.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!torch.cuda.is_available())
        {
            throw new DeviceUnavailableException($"--device {device}: TorchSharp sees no CUDA GPU: the default build carries TorchSharp-cpu; build with -p:MeijuTorchCuda=true where NuGet serves TorchSharp-cuda-linux, on a machine with the NVIDIA driver (docs/gpu.md)");
        }

        return false;
    }
}
