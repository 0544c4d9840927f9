using System.Globalization;
using System.Text;

namespace Meiju.Media.Subtitles;

/// <summary>Edit distance and character error rate over Unicode text elements (so CJK and accents count as one).</summary>
public static class TextDistance
{
    /// <summary>Levenshtein distance between the text elements of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static int Levenshtein(string a, string b)
    {
        var x = Elements(a);
        var y = Elements(b);
        var prev = new int[y.Length + 1];
        var cur = new int[y.Length + 1];
        for (var j = 0; j <= y.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= x.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= y.Length; j++)
            {
                var sub = prev[j - 1] + (string.Equals(x[i - 1], y[j - 1], StringComparison.Ordinal) ? 0 : 1);
                cur[j] = Math.Min(sub, Math.Min(prev[j] + 1, cur[j - 1] + 1));
            }

            (prev, cur) = (cur, prev);
        }

        return prev[y.Length];
    }

    /// <summary>
    /// Character error rate: edits to turn <paramref name="hypothesis"/> into <paramref name="reference"/> divided by
    /// the reference length, after <see cref="Normalize"/> on both. 0 is perfect; it can exceed 1.
    /// </summary>
    public static double CharacterErrorRate(string reference, string hypothesis)
    {
        var r = Normalize(reference);
        var h = Normalize(hypothesis);
        var n = Elements(r).Length;
        return n == 0 ? (h.Length == 0 ? 0 : 1) : (double)Levenshtein(r, h) / n;
    }

    /// <summary>Distance divided by the longer length (0 = same, 1 = nothing shared).</summary>
    public static double NormalizedDistance(string a, string b)
    {
        var n = Math.Max(Elements(a).Length, Elements(b).Length);
        return n == 0 ? 0 : (double)Levenshtein(a, b) / n;
    }

    /// <summary>
    /// Unicode NFKC (full-width punctuation → ASCII), whitespace runs → one space, no spaces next to CJK characters
    /// (Tesseract puts spaces between Chinese characters; Chinese text has none), trimmed.
    /// </summary>
    public static string Normalize(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace && !IsCjk(ch) && !IsCjk(sb[^1]))
            {
                sb.Append(' ');
            }

            pendingSpace = false;
            sb.Append(ch);
        }

        return sb.ToString();
    }

    /// <summary>True for CJK ideographs and CJK punctuation.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\u3000' and <= '\u303F' or >= '\uFF00' and <= '\uFFEF';

    private static string[] Elements(string s)
    {
        var list = new List<string>(s.Length);
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext())
        {
            list.Add(e.GetTextElement());
        }

        return [.. list];
    }
}
