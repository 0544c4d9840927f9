namespace Meiju.Training;

/// <summary>Iterative pseudo-labelling (see <see cref="PseudoLabelling"/>).</summary>
public sealed record PseudoLabelOptions
{
    /// <summary>Rounds of predict-select-retrain after the labelled-only model.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>An unlabelled utterance is kept when both tasks' top softmax probability reaches this.</summary>
    public double Threshold { get; init; } = 0.9;

    /// <summary>
    /// At most this many pseudo-labels per predicted emotion class, the most confident first (0: no cap). Caps
    /// keep the majority class from swamping the labelled set.
    /// </summary>
    public int MaxPerClass { get; init; }
}
