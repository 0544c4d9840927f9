using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Meiju.Features.Models;

/// <summary>
/// Turns System.Text.Json's deserialisation errors on a model manifest into one line that names the entry (by its
/// <c>name</c> and position) and the field to fix: an unknown (misspelt) field, or a value of the wrong type —
/// listing the allowed words for enumerations such as <c>kind</c>, <c>pooling</c> and <c>combine</c>.
/// </summary>
internal static partial class ManifestJsonErrors
{
    /// <summary>The problem <paramref name="error"/> describes, for the manifest <paramref name="text"/>.</summary>
    public static string Describe(JsonException error, string text)
    {
        var path = error.Path ?? "";
        var match = EntryPath().Match(path);
        if (!match.Success)
        {
            return "not a valid model manifest: " + FirstSentence(error.Message);
        }

        var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var field = match.Groups[2].Value;
        var where = $"model '{EntryName(text, index) ?? "?"}' (models[{index}])";
        if (error.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            // The path ends at the unknown property; the message names it too, for the rare path that does not.
            var unknown = field.Length > 0 ? field
                : QuotedProperty().Match(error.Message) is { Success: true } p ? p.Groups[1].Value : "?";
            return $"{where}: '{unknown}' is not a manifest field (misspelt? see docs/extractors.md for the fields)";
        }

        if (field.Length == 0)
        {
            return $"{where}: {FirstSentence(error.Message)}";
        }

        var type = MemberType(field);
        var expected = type is null ? "" : Expected(type);
        return $"{where}: '{field}' {(expected.Length > 0 ? "must be " + expected : "has a value of the wrong type")}";
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
        }

        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int) || type == typeof(double) || type == typeof(float))
        {
            return "a number";
        }

        return type.IsArray || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? "a list"
            : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? "an object of names"
            : "an object";
    }

    /// <summary>The type of a dotted camelCase field path under <see cref="ManifestEntry"/>, or null.</summary>
    private static Type? MemberType(string field)
    {
        Type? type = typeof(ManifestEntry);
        foreach (var part in field.Split('.'))
        {
            var name = ArrayIndex().Replace(part, "");
            var property = type?.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
            if (part.Contains('[', StringComparison.Ordinal))
            {
                type = type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();
            }
        }

        return type;
    }

    /// <summary>The <c>name</c> of entry <paramref name="index"/>, read leniently from the raw text.</summary>
    private static string? EntryName(string text, int index)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array
                   && index < models.GetArrayLength() && models[index].ValueKind == JsonValueKind.Object
                   && models[index].TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex(@"^\$\.models\[(\d+)\]\.?(.*)$")]
    private static partial Regex EntryPath();

    [GeneratedRegex(@"JSON property '([^']*)'")]
    private static partial Regex QuotedProperty();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex ArrayIndex();
}
