using System.Text.RegularExpressions;

namespace Clearance.Knowledge.Answers;

/// <summary>Markdown as a chat message shows it: no emphasis markers, links as "text（url）", quotes unmarked.</summary>
internal static partial class MarkdownText
{
    public static string Plain(string markdown)
    {
        var text = LinkPattern().Replace(markdown, m => m.Groups[1].Value == m.Groups[2].Value ? m.Groups[1].Value : $"{m.Groups[1].Value}（{m.Groups[2].Value}）");
        text = ImagePattern().Replace(text, "");
        text = text.Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);
        text = SubHeadingPattern().Replace(text, "");
        text = QuotePattern().Replace(text, "");
        text = BulletPattern().Replace(text, "· ");
        text = BlankLinesPattern().Replace(text, "\n");
        return text.Trim();
    }

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(?m)^#{3,6}\s*")]
    private static partial Regex SubHeadingPattern();

    [GeneratedRegex(@"(?m)^>\s?")]
    private static partial Regex QuotePattern();

    [GeneratedRegex(@"(?m)^\s*[-*]\s+")]
    private static partial Regex BulletPattern();

    [GeneratedRegex(@"\n\s*\n+")]
    private static partial Regex BlankLinesPattern();
}
