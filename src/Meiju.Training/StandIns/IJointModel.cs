using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Training.StandIns;

/// <summary>Which stage of the two-stage recipe a forward pass or parameter set belongs to.</summary>
public enum TrainingStage
{
    /// <summary>Emotion and intent classifiers (encoders, fusion, stage-1 heads).</summary>
    Stage1 = 1,

    /// <summary>The joint (interaction) module and its heads.</summary>
    Stage2 = 2,
}

/// <summary>Logits of one forward pass; auxiliary logits are null when the model has no auxiliary heads.</summary>
/// <param name="Emotion">[B, 7] emotion logits.</param>
/// <param name="Intent">[B, 8] intent logits.</param>
/// <param name="AuxEmotion">[B, 7] auxiliary emotion logits (loss only).</param>
/// <param name="AuxIntent">[B, 8] auxiliary intent logits (loss only).</param>
public sealed record JointOutput(Tensor Emotion, Tensor Intent, Tensor? AuxEmotion, Tensor? AuxIntent);

/// <summary>A named sub-network whose gradient norm is clipped on its own, as the baseline does per network.</summary>
/// <param name="Name">Sub-network name (e.g. <c>emo.enc0</c>).</param>
/// <param name="Parameters">Its parameters.</param>
public sealed record ParameterGroup(string Name, IReadOnlyList<Parameter> Parameters);

/// <summary>
/// What the trainer needs from a joint emotion–intent model (stand-in until the model branch lands).
/// </summary>
public interface IJointModel : IDisposable
{
    /// <summary>The module holding every parameter (state dict, device moves, train/eval).</summary>
    torch.nn.Module Module { get; }

    /// <summary>Runs the model as used in <paramref name="stage"/> (stage 1 heads or the joint module's heads).</summary>
    JointOutput Forward(FeatureBatch batch, TrainingStage stage);

    /// <summary>
    /// Sets train/eval modes and gradients for <paramref name="stage"/> and returns the sub-networks the optimizer
    /// trains, each clipped on its own.
    /// </summary>
    IReadOnlyList<ParameterGroup> Prepare(TrainingStage stage, TrainingRecipe recipe, bool training);

    /// <summary>Parameters used by the model in <paramref name="stage"/> (what a paper table counts).</summary>
    long ParameterCount(TrainingStage stage);

    /// <summary>Minimum frames each text stream needs (TextCNN's widest kernel).</summary>
    int MinFrames { get; }
}
