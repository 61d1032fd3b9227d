using System.Text;

namespace Clearance.Knowledge.Answers;

/// <summary>Fitting text into one WeChat text message (2048 UTF-8 bytes) without breaking a character.</summary>
public static class MessageText
{
    public const int MaxBytes = 2048;

    private const string Ellipsis = "…";

    public static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>Cuts on a character (rune) boundary and marks the cut with "…".</summary>
    public static string Fit(string text, int maxBytes = MaxBytes)
    {
        if (Bytes(text) <= maxBytes) return text;
        var limit = maxBytes - Bytes(Ellipsis);
        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > limit) break;
            builder.Append(rune.ToString());
            used += rune.Utf8SequenceLength;
        }
        return builder.Append(Ellipsis).ToString();
    }

    /// <summary>Cuts after the last whole line that fits (a step or a phone line stays whole), else as <see cref="Fit"/>.</summary>
    public static string FitAtLine(string text, int maxBytes = MaxBytes)
    {
        if (Bytes(text) <= maxBytes) return text;
        var limit = maxBytes - Bytes(Ellipsis);
        var builder = new StringBuilder();
        var used = 0;
        foreach (var line in text.Split('\n'))
        {
            var cost = Bytes(line) + (builder.Length > 0 ? 1 : 0);
            if (used + cost > limit) break;
            if (builder.Length > 0) builder.Append('\n');
            builder.Append(line);
            used += cost;
        }
        return builder.Length == 0 ? Fit(text, maxBytes) : builder.Append(Ellipsis).ToString();
    }
}
