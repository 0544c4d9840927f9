using System.Text.Json.Serialization;

namespace Meiju.Labels;

/// <summary>The JSON shape of a label set file (see <see cref="LabelSetCatalog"/>).</summary>
/// <param name="Name">Set name, e.g. <c>meld-emotion</c>.</param>
/// <param name="Classes">Class names in index order.</param>
/// <param name="Aliases">Other spellings, alias → class.</param>
/// <param name="Description">Where the classes come from and how they map.</param>
public sealed record LabelSetDeclaration(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("classes")] IReadOnlyList<string>? Classes,
    [property: JsonPropertyName("aliases")] IReadOnlyDictionary<string, string>? Aliases = null,
    [property: JsonPropertyName("description")] string? Description = null);

/// <summary>Source-generated JSON metadata, so reading label sets needs no reflection.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(LabelSetDeclaration))]
internal sealed partial class LabelSetJsonContext : JsonSerializerContext;
