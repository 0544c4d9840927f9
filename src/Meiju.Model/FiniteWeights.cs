using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// Finds weights holding NaN or ±Inf. A diverged run produces them silently; saving or scoring such a model gives a
/// garbage result that looks like a result, so every save and load refuses them.
/// </summary>
public static class FiniteWeights
{
    /// <summary>The first state-dict key whose floating-point values are not all finite, or null.</summary>
    public static string? FirstNonFinite(nn.Module module)
    {
        foreach (var (key, tensor) in module.state_dict())
        {
            if (!IsFinite(tensor))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="tensor"/> holds no NaN or ±Inf (always true for integer tensors).</summary>
    public static bool IsFinite(Tensor tensor)
    {
        if (!tensor.is_floating_point())
        {
            return true;
        }

        using var _ = no_grad();
        using var finite = isfinite(tensor);
        using var all = finite.all();
        return all.item<bool>();
    }

    /// <summary>Throws when <paramref name="module"/> holds a non-finite weight, naming where it would have gone.</summary>
    /// <exception cref="MeijuDataException">A weight is NaN or ±Inf.</exception>
    public static void Require(nn.Module module, string destination)
    {
        if (FirstNonFinite(module) is { } key)
        {
            throw new MeijuDataException(destination, $"refusing to save: weight '{key}' holds NaN or Inf (training diverged; lower the learning rate or check the features)");
        }
    }
}
