using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training.Optimization;

/// <summary>
/// PyTorch's Adam (L2 weight decay added to the gradient), the same numbers as TorchSharp's <c>optim.Adam</c> and the
/// same saved state, but its step holds every Scalar it passes to libtorch: TorchSharp's own step makes temporary
/// Scalars that a garbage collection can free mid-call (see <see cref="TorchScalars"/>).
/// </summary>
public sealed class Adam : TorchSharp.Modules.Adam
{
    /// <summary>Creates the optimizer (no AMSGrad, minimising).</summary>
    public Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
        : base(parameters, lr, beta1, beta2, eps, weightDecay)
    {
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        foreach (var param in group.Parameters)
        {
            if (param.grad is not { } grad)
            {
                continue;
            }

            var state = (State)_state[param.Handle];
            state.step += 1;
            if (options.weight_decay!.Value != 0)
            {
                using var decay = TorchScalars.Hold(options.weight_decay.Value);
                grad = grad.add(param, decay);
            }

            AdamMoments.Update(param, grad, state.exp_avg, state.exp_avg_sq, state.step,
                options.LearningRate!.Value, options.beta1!.Value, options.beta2!.Value, options.eps!.Value);
        }
    }, closure);
}
