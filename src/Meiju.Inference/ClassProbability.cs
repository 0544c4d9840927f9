namespace Meiju.Inference;

/// <summary>One class and its predicted probability.</summary>
/// <param name="Label">Class name in the model's label set.</param>
/// <param name="Probability">Softmax probability in [0, 1].</param>
public sealed record ClassProbability(string Label, double Probability);
