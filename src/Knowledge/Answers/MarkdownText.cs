using System.Text.RegularExpressions;

namespace Clearance.Knowledge.Answers;

/// <summary>
/// Markdown as a chat message shows it: no emphasis markers, links as "text（url）", quotes unmarked, no heading
/// markers, and a table as one line per row ("部门：图书馆；办理说明：…"). WeChat and WeCom show text raw, so a
/// <c>| 部门 | … |</c> row would reach the student as pipes.
/// </summary>
internal static partial class MarkdownText
{
    public static string Plain(string markdown)
    {
        var text = LinkPattern().Replace(markdown, m => m.Groups[1].Value == m.Groups[2].Value ? m.Groups[1].Value : $"{m.Groups[1].Value}（{m.Groups[2].Value}）");
        text = ImagePattern().Replace(text, "");
        text = text.Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);
        text = Tables(text);
        text = HeadingPattern().Replace(text, "");
        text = QuotePattern().Replace(text, "");
        text = BulletPattern().Replace(text, "· ");
        text = BlankLinesPattern().Replace(text, "\n");
        return text.Trim();
    }

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]+)\)")]
    private static partial Regex LinkPattern();

    /// <summary>
    /// Each block of lines that start with '|' as plain lines: with a header row (one followed by a separator row
    /// such as <c>|---|:--:|</c>) every row becomes "header：cell；header：cell"; without one, its cells joined by "；".
    /// Empty cells are left out.
    /// </summary>
    private static string Tables(string text)
    {
        if (!text.Contains('|', StringComparison.Ordinal)) return text;
        var lines = text.Split('\n');
        var output = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!IsTableRow(lines[i]))
            {
                output.Add(lines[i]);
                continue;
            }
            var start = i;
            while (i + 1 < lines.Length && IsTableRow(lines[i + 1])) i++;
            var rows = lines[start..(i + 1)].Where(l => !SeparatorRowPattern().IsMatch(l)).Select(Cells).ToList();
            var hasHeader = i > start && SeparatorRowPattern().IsMatch(lines[start + 1]);
            var header = hasHeader ? rows[0] : null;
            foreach (var row in hasHeader ? rows.Skip(1) : rows)
            {
                var parts = row
                    .Select((cell, c) => (Cell: cell, Label: header is not null && c < header.Count ? header[c] : ""))
                    .Where(p => p.Cell.Length > 0)
                    .Select(p => p.Label.Length > 0 ? $"{p.Label}：{p.Cell}" : p.Cell);
                var line = string.Join("；", parts);
                if (line.Length > 0) output.Add(line);
            }
        }
        return string.Join('\n', output);
    }

    private static bool IsTableRow(string line) => line.TrimStart().StartsWith('|');

    /// <summary>A row's cells, trimmed; the outer pipes are optional and an escaped pipe (\|) stays in its cell.</summary>
    private static List<string> Cells(string row)
    {
        var trimmed = row.Trim();
        if (trimmed.StartsWith('|')) trimmed = trimmed[1..];
        if (trimmed.EndsWith('|') && !trimmed.EndsWith("\\|", StringComparison.Ordinal)) trimmed = trimmed[..^1];
        return [.. CellSeparatorPattern().Split(trimmed).Select(c => c.Replace("\\|", "|", StringComparison.Ordinal).Trim())];
    }

    [GeneratedRegex(@"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")]
    private static partial Regex SeparatorRowPattern();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparatorPattern();

    /// <summary>
    /// A heading's marker, with or without the space after it ("## 材料", "###材料" → "材料"); "#1" is a number, not a
    /// heading, and stays.
    /// </summary>
    [GeneratedRegex(@"(?m)^[ \t]{0,3}#{1,6}(?=[^\d#]|$)[ \t]*")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"(?m)^>\s?")]
    private static partial Regex QuotePattern();

    [GeneratedRegex(@"(?m)^\s*[-*]\s+")]
    private static partial Regex BulletPattern();

    [GeneratedRegex(@"\n\s*\n+")]
    private static partial Regex BlankLinesPattern();
}
