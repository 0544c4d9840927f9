namespace Meiju.Training;

/// <summary>What is fitted on validation after training and stored with the model (<see cref="ScoreCalibration"/>).</summary>
public sealed record CalibrationOptions
{
    /// <summary>Fit one softmax temperature per task on validation NLL.</summary>
    public bool Temperature { get; init; } = true;

    /// <summary>Tune per-class additive logit biases per task for the track metric on validation.</summary>
    public bool Thresholds { get; init; }
}
