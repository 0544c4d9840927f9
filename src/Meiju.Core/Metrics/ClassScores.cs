namespace Meiju.Metrics;

/// <summary>One row of a <see cref="ClassificationReport"/>: the scores of one class.</summary>
/// <param name="Label">The class index.</param>
/// <param name="Name">The class name (from the label set), or the index as text.</param>
/// <param name="Precision">TP / (TP + FP); 0 when the class is never predicted.</param>
/// <param name="Recall">TP / (TP + FN); 0 when the class never occurs in y_true.</param>
/// <param name="F1">2·P·R / (P + R); 0 when P + R = 0.</param>
/// <param name="Support">How often the class occurs in y_true.</param>
/// <param name="Predicted">How often the class occurs in y_pred.</param>
/// <param name="TruePositives">How often it is predicted where it is true.</param>
public sealed record ClassScores(
    int Label, string Name, double Precision, double Recall, double F1, int Support, int Predicted, int TruePositives);
