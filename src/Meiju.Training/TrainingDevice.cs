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
}
