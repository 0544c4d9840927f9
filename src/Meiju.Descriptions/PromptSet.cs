using System.Text.Json;
using System.Text.RegularExpressions;

namespace Meiju.Descriptions;

/// <summary>
/// The questions asked of every utterance. The default is the seed paper's: one Qwen2-VL prompt and two
/// Qwen2-Audio prompts. Other sets are JSON files:
/// <c>{"name": "...", "prompts": [{"stream": "visual_description", "modality": "vision", "text": "..."}]}</c>.
/// </summary>
public sealed partial class PromptSet
{
    /// <summary>Creates a set; stream names must be unique identifiers (they become column and feature names).</summary>
    public PromptSet(string name, IReadOnlyList<DescriptionPrompt> prompts)
    {
        if (prompts.Count == 0)
        {
            throw new ArgumentException("a prompt set needs at least one prompt", nameof(prompts));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in prompts)
        {
            if (!StreamName().IsMatch(p.Stream))
            {
                throw new ArgumentException($"stream name '{p.Stream}' must match [a-z][a-z0-9_]*", nameof(prompts));
            }

            if (string.IsNullOrWhiteSpace(p.Text))
            {
                throw new ArgumentException($"prompt for stream '{p.Stream}' is empty", nameof(prompts));
            }

            if (!seen.Add(p.Stream))
            {
                throw new ArgumentException($"stream '{p.Stream}' appears twice", nameof(prompts));
            }
        }

        Name = name;
        Prompts = prompts;
    }

    /// <summary>The set's name (informative only; answers are keyed by the prompt text itself).</summary>
    public string Name { get; }

    /// <summary>The prompts in the order they are asked.</summary>
    public IReadOnlyList<DescriptionPrompt> Prompts { get; }

    /// <summary>The seed paper's prompts, verbatim (section "Multi-modal Language Models").</summary>
    public static PromptSet Default { get; } = new("seed",
    [
        new("visual_description", DescriptionModality.Vision,
            "Who is the speaker, and describe the speaker's facial expression and body movement."),
        new("audio_description", DescriptionModality.Audio, "Describe the audio"),
        new("audio_intent", DescriptionModality.Audio,
            "Based on the utterance and voice, what is the intention of the speaker?"),
    ]);

    /// <summary>Reads a prompt set from a JSON file; malformed files throw <see cref="MeijuDataException"/>.</summary>
    public static PromptSet Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "prompt set file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses prompt-set JSON; <paramref name="sourceName"/> names the source in error messages.</summary>
    public static PromptSet Parse(string json, string sourceName)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("prompts", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new MeijuDataException(sourceName, "expected an object with a \"prompts\" array");
            }

            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : Path.GetFileNameWithoutExtension(sourceName);
            var prompts = new List<DescriptionPrompt>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                index++;
                var stream = RequiredString(item, "stream", sourceName, index);
                var modalityText = RequiredString(item, "modality", sourceName, index);
                var text = RequiredString(item, "text", sourceName, index);
                var modality = modalityText.ToLowerInvariant() switch
                {
                    "vision" or "visual" or "image" or "video" => DescriptionModality.Vision,
                    "audio" => DescriptionModality.Audio,
                    _ => throw new MeijuDataException(sourceName, $"prompt {index}: modality '{modalityText}' is not 'vision' or 'audio'"),
                };
                prompts.Add(new DescriptionPrompt(stream, modality, text));
            }

            return new PromptSet(name, prompts);
        }
        catch (JsonException ex)
        {
            throw new MeijuDataException(sourceName, "not valid JSON: " + ex.Message, inner: ex);
        }
        catch (ArgumentException ex)
        {
            throw new MeijuDataException(sourceName, ex.Message.Split(" (Parameter")[0], inner: ex);
        }
    }

    /// <summary>Writes this set as JSON in the format <see cref="Parse"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        name = Name,
        prompts = Prompts.Select(p => new { stream = p.Stream, modality = p.Modality.ToString().ToLowerInvariant(), text = p.Text }),
    }, new JsonSerializerOptions { WriteIndented = true });

    private static string RequiredString(JsonElement item, string property, string sourceName, int index) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new MeijuDataException(sourceName, $"prompt {index}: missing string \"{property}\"");

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex StreamName();
}
