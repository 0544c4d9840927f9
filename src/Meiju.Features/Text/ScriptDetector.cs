namespace Meiju.Features.Text;

/// <summary>Finds Chinese, Japanese or Korean script in text, which English WordPiece vocabularies cannot encode.</summary>
public static class ScriptDetector
{
    /// <summary>Number of CJK ideographs, kana and Hangul syllables in <paramref name="text"/>.</summary>
    public static int CountCjk(string text)
    {
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (v is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2FA1F)
                or (>= 0xF900 and <= 0xFAFF) or (>= 0x3040 and <= 0x30FF) or (>= 0xAC00 and <= 0xD7AF))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>True when the text holds any CJK character.</summary>
    public static bool ContainsCjk(string text) => CountCjk(text) > 0;
}
