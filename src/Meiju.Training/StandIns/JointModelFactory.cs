using Meiju.Labels;

namespace Meiju.Training.StandIns;

/// <summary>Builds the model a config describes (stand-in until the model branch's factory lands).</summary>
public static class JointModelFactory
{
    /// <summary>Creates the model for <paramref name="config"/>; weights come from torch's global generator.</summary>
    public static IJointModel Create(TrainingConfig config) =>
        new StandInJointModel(config.Features, config.Model, MeijuLabels.Emotion.Count, MeijuLabels.Intent.Count);
}
