using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training.Optimization;

/// <summary>
/// PyTorch's AdamW (decoupled weight decay), the same numbers as TorchSharp's <c>optim.AdamW</c>, with every Scalar
/// of its step held until libtorch has read it (see <see cref="Adam"/>).
/// </summary>
public sealed class AdamW : TorchSharp.Modules.AdamW
{
    /// <summary>Creates the optimizer (no AMSGrad, minimising, default betas and ε).</summary>
    public AdamW(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double weightDecay)
        : base(parameters, lr, weight_decay: weightDecay)
    {
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        var lr = options.LearningRate!.Value;
        foreach (var param in group.Parameters)
        {
            if (param.grad is not { } grad)
            {
                continue;
            }

            var state = (State)_state[param.Handle];
            state.step += 1;
            using (var decay = TorchScalars.Hold(1 - (lr * options.weight_decay!.Value)))
            {
                param.mul_(decay);
            }

            AdamMoments.Update(param, grad, state.exp_avg, state.exp_avg_sq, state.step,
                lr, options.beta1!.Value, options.beta2!.Value, options.eps!.Value);
        }
    }, closure);
}
