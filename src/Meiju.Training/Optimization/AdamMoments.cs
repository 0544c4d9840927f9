using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training.Optimization;

/// <summary>
/// One Adam update of one parameter, PyTorch's arithmetic step for step, with every Scalar held until libtorch has
/// read it (see <see cref="TorchScalars"/>). Shared by <see cref="Adam"/> and <see cref="AdamW"/>.
/// </summary>
internal static class AdamMoments
{
    /// <summary>
    /// m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
    /// </summary>
    public static void Update(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, long step, double lr, double beta1, double beta2, double eps)
    {
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        using var b1 = TorchScalars.Hold(beta1);
        using var oneMinusB1 = TorchScalars.Hold(1 - beta1);
        using var b2 = TorchScalars.Hold(beta2);
        using var oneMinusB2 = TorchScalars.Hold(1 - beta2);
        using var rootCorrection2 = TorchScalars.Hold(Math.Sqrt(biasCorrection2));
        using var epsilon = TorchScalars.Hold(eps);
        using var stepSize = TorchScalars.Hold(-(lr / biasCorrection1));
        expAvg.mul_(b1).add_(grad, oneMinusB1);
        expAvgSq.mul_(b2).addcmul_(grad, grad.conj(), oneMinusB2);
        var denom = expAvgSq.sqrt().div(rootCorrection2).add_(epsilon, TorchScalars.One);
        param.addcdiv_(expAvg, denom, stepSize);
    }
}
