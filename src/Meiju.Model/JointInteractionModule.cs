using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// The emotion–intent joint module of figure 2, for one direction: I = MHA(q = own tokens, k = v = the other
/// task's tokens) ("binary correlation attention"), H = MHA(q = own, k = v = I) ("triple interaction
/// attention"), R = own + H ⊙ sigmoid(I + H). Fields <c>inter_attention</c> and <c>hence_attention</c> as the
/// baseline's InteractModule.
/// </summary>
public sealed class JointInteractionModule : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Attention from own tokens to the other task's tokens.</summary>
    public readonly MultiheadAttention inter_attention;

    /// <summary>Attention from own tokens to the correlation output.</summary>
    public readonly MultiheadAttention hence_attention;

    /// <summary>Creates the module for tokens of width <paramref name="dModel"/>.</summary>
    public JointInteractionModule(long dModel, long heads, double dropout) : base(nameof(JointInteractionModule))
    {
        inter_attention = new MultiheadAttention(dModel, heads, dropout);
        hence_attention = new MultiheadAttention(dModel, heads, dropout);
        RegisterComponents();
    }

    /// <summary>R [S, B, E] from own tokens [S, B, E] and the other task's tokens [S', B, E].</summary>
    public override Tensor forward(Tensor own, Tensor other) => Forward(own, other, null);

    /// <summary>
    /// As <see cref="forward"/>, with a key padding mask [B, S] (true = missing modality) over the token positions,
    /// shared by both branches since their tokens are the same streams in the same order.
    /// </summary>
    public Tensor Forward(Tensor own, Tensor other, Tensor? missing)
    {
        var inter = inter_attention.Forward(own, other, other, missing);
        var hence = hence_attention.Forward(own, inter, inter, missing);
        return own.Plus(hence * sigmoid(inter.Plus(hence)));
    }
}
