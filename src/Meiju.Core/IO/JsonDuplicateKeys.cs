using System.Text;
using System.Text.Json;

namespace Meiju.IO;

/// <summary>
/// Refuses a JSON file that gives one key twice in an object. System.Text.Json can refuse duplicates itself
/// (<c>AllowDuplicateProperties = false</c>) but its error carries no line number, and in a hand-edited config
/// the line is what the user needs.
/// </summary>
public static class JsonDuplicateKeys
{
    /// <summary>Throws when <paramref name="json"/> repeats a key within one object; malformed JSON is left to the real parser.</summary>
    /// <exception cref="MeijuDataException">A key is repeated: the message names it and its path, with the second one's line.</exception>
    public static void Refuse(string json, string source)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var scopes = new Stack<(HashSet<string>? Keys, string Path)>();
        var path = "$";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        scopes.Push((new HashSet<string>(StringComparer.Ordinal), path));
                        break;
                    case JsonTokenType.StartArray:
                        scopes.Push((null, path));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var key = reader.GetString()!;
                        var (keys, parent) = scopes.Peek();
                        if (!keys!.Add(key))
                        {
                            throw new MeijuDataException(source, $"key '{key}' is given twice in {parent} (which one is meant? remove one)", LineOf(bytes, reader.TokenStartIndex));
                        }

                        path = parent + "." + key;
                        continue;
                }

                if (reader.TokenType is not JsonTokenType.PropertyName && scopes.Count > 0)
                {
                    path = scopes.Peek().Path;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the caller's parser reports it with its own message and position.
        }
    }

    private static int LineOf(byte[] bytes, long offset) => 1 + bytes.AsSpan(0, (int)offset).Count((byte)'\n');
}
