using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// Maps one stream's encoder output to the shared token width (Linear + ReLU, key <c>proj.*</c>). Streams whose
/// encoder already outputs the token width (all of the baseline's) have none.
/// </summary>
public sealed class ModalityProjector : nn.Module<Tensor, Tensor>
{
    /// <summary>The projection.</summary>
    public readonly Linear proj;

    /// <summary>Creates a projector from <paramref name="inputDim"/> to <paramref name="tokenDim"/>.</summary>
    public ModalityProjector(long inputDim, long tokenDim) : base(nameof(ModalityProjector))
    {
        proj = nn.Linear(inputDim, tokenDim);
        RegisterComponents();
    }

    /// <summary>Projects [B, D] to [B, E].</summary>
    public override Tensor forward(Tensor x) => nn.functional.relu(proj.forward(x));
}
