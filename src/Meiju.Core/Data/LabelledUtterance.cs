namespace Meiju.Data;

/// <summary>One line of a MEIJU label list: an utterance and, except for test lists, its two labels.</summary>
/// <param name="Name">Utterance name without extension (e.g. <c>Track2_Training_00001</c>); feature files are <c>Name.npy</c>.</param>
/// <param name="Emotion">Emotion class index, or -1 when unlabelled (test lists).</param>
/// <param name="Intent">Intent class index, or -1 when unlabelled.</param>
/// <param name="Line">1-based line in the list it came from, for error messages.</param>
public sealed record LabelledUtterance(string Name, int Emotion, int Intent, int Line = 0)
{
    /// <summary>True when both labels are present.</summary>
    public bool IsLabelled => Emotion >= 0 && Intent >= 0;
}
