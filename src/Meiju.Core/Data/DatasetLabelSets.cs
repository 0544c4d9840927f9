using System.Text.Json;
using System.Text.Json.Nodes;
using Meiju.IO;
using Meiju.Labels;

namespace Meiju.Data;

/// <summary>
/// The optional <c>labelsets.json</c> beside a dataset's label lists, naming the vocabularies its labels use:
/// <c>{ "emotion": "dailydialog-emotion", "intent": "dailydialog-act" }</c> (built-in names or paths relative to
/// the dataset). Without it a dataset uses MEIJU's sets.
/// </summary>
/// <remarks>
/// Imported datasets keep their field's label sets (DailyDialog's four acts are not MEIJU intents), and the file
/// lets every reader — validation, training, evaluation — find them without extra options.
/// </remarks>
public static class DatasetLabelSets
{
    /// <summary>The file name, in the dataset root.</summary>
    public const string FileName = "labelsets.json";

    /// <summary>
    /// The emotion and intent sets the dataset at <paramref name="root"/> declares, or MEIJU's when it has no
    /// <see cref="FileName"/>.
    /// </summary>
    /// <exception cref="MeijuDataException">The file is not JSON or names an unknown set.</exception>
    public static (LabelSet Emotion, LabelSet Intent) Read(string root)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            return (MeijuLabels.Emotion, MeijuLabels.Intent);
        }

        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new MeijuDataException(path, "expected a JSON object { \"emotion\": ..., \"intent\": ... }");
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(path, "not valid JSON: " + ex.Message, (int?)ex.LineNumber + 1, ex);
        }

        return (Resolve(obj, "emotion", root, path) ?? MeijuLabels.Emotion, Resolve(obj, "intent", root, path) ?? MeijuLabels.Intent);
    }

    /// <summary>Writes <see cref="FileName"/> in <paramref name="root"/> naming two built-in sets.</summary>
    public static void Write(string root, LabelSet emotion, LabelSet intent) =>
        AtomicFile.WriteAllText(Path.Combine(root, FileName),
            new JsonObject { ["emotion"] = emotion.Name, ["intent"] = intent.Name }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    private static LabelSet? Resolve(JsonObject obj, string key, string root, string path)
    {
        if (obj[key] is not { } node)
        {
            return null;
        }

        var name = node.GetValue<string>();
        try
        {
            return LabelSetCatalog.BuiltInNames.Contains(name, StringComparer.OrdinalIgnoreCase)
                ? LabelSetCatalog.Get(name)
                : LabelSetCatalog.Load(Path.Combine(root, name));
        }
        catch (MeijuDataException ex)
        {
            throw new MeijuDataException(path, $"{key} label set '{name}': {ex.Message}", null, ex);
        }
    }
}
