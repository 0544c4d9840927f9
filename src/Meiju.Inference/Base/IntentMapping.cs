using Meiju.Labels;

namespace Meiju.Inference.Base;

/// <summary>
/// How the intent-labelled text sets map onto MEIJU's 8 intents for meiju-base. A source label not listed is
/// dropped (no MEIJU counterpart). MEIJU's <c>acknowledging</c> and <c>wishing</c> get no training data from these
/// sources, so meiju-base cannot predict them well: the model card says so.
/// </summary>
public static class IntentMapping
{
    /// <summary>MIntRec's 20 intents → MEIJU intent (names as in the two label sets).</summary>
    public static IReadOnlyDictionary<string, string> MIntRec { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Comfort"] = "consoling",
        ["Care"] = "consoling",
        ["Agree"] = "agreeing",
        ["Advise"] = "suggesting",
        ["Praise"] = "encouraging",
        ["Inform"] = "neutral",
    };

    /// <summary>DailyDialog's 4 dialogue acts → MEIJU intent (commissive, i.e. promises and offers, is dropped).</summary>
    public static IReadOnlyDictionary<string, string> DailyDialog { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["question"] = "questioning",
        ["directive"] = "suggesting",
        ["inform"] = "neutral",
    };

    /// <summary>The MEIJU intent index of source label <paramref name="label"/>, or -1 when it is dropped.</summary>
    public static int Map(IReadOnlyDictionary<string, string> table, string label) =>
        table.TryGetValue(label, out var meiju) ? MeijuLabels.Intent.IndexOf(meiju) : -1;
}
