using Meiju.Model;
using TorchSharp.Modules;

namespace Meiju.Training;

/// <summary>A sub-network whose gradient norm is clipped on its own, as the baseline clips per network.</summary>
/// <param name="Name">Sub-network name (e.g. <c>netEmoA</c>).</param>
/// <param name="Parameters">Its parameters.</param>
public sealed record ParameterGroup(string Name, IReadOnlyList<Parameter> Parameters);

/// <summary>How each stage's model is built and which of its sub-networks train.</summary>
public static class StagePlan
{
    /// <summary>The stages a config trains: stage 1 alone, or stage 1 then the joint stage.</summary>
    public static IReadOnlyList<ModelStage> Stages(TrainingConfig config) =>
        config.Joint ? [ModelStage.Pretrain, ModelStage.Joint] : [ModelStage.Pretrain];

    /// <summary>1 for stage 1 (pretrain), 2 for the joint stage.</summary>
    public static int Number(ModelStage stage) => stage == ModelStage.Pretrain ? 1 : 2;

    /// <summary>
    /// A fresh model for <paramref name="stage"/>. Its initial weights come from a seed derived from
    /// <paramref name="seed"/> and the stage, and torch's generator continues from there (dropout draws).
    /// </summary>
    public static MeijuModel Create(TrainingConfig config, ModelStage stage, long seed) =>
        MeijuModel.Create(config.Model.WithStage(stage), stage == ModelStage.Pretrain ? seed : seed ^ 0x5EED0002L);

    /// <summary>
    /// Sets train/eval modes and gradients, and returns the sub-networks the optimizer trains. With
    /// <see cref="TrainingRecipe.Paper"/> in the joint stage, the pre-trained classifiers (encoders, projectors,
    /// fusion) and the auxiliary heads on their raw outputs are frozen and run in eval mode.
    /// </summary>
    public static IReadOnlyList<ParameterGroup> Prepare(MeijuModel model, TrainingRecipe recipe, bool training)
    {
        model.train(training);
        foreach (var p in model.parameters())
        {
            p.requires_grad = false;
        }

        var frozen = new HashSet<string>(StringComparer.Ordinal);
        if (recipe == TrainingRecipe.Paper && model.Stage == ModelStage.Joint)
        {
            frozen.UnionWith(model.PretrainedSubNetworkNames);
            frozen.UnionWith(model.SubNetworkNames.Where(n => n is "netEmoCF" or "netIntCF"));
        }

        var groups = model.ParameterGroups()
            .Where(g => !frozen.Contains(g.Name))
            .Select(g => new ParameterGroup(g.Name, g.Parameters))
            .ToArray();
        if (training)
        {
            foreach (var p in groups.SelectMany(g => g.Parameters))
            {
                p.requires_grad = true;
            }

            foreach (var n in frozen)
            {
                // A frozen classifier runs as at inference: no dropout in the part that no longer learns.
                model.SubNetwork(n).eval();
            }
        }

        return groups;
    }
}
