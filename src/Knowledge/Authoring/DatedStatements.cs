using System.Text.RegularExpressions;
using Clearance.Knowledge.Guides;

namespace Clearance.Knowledge.Authoring;

/// <summary>A line of a guide that states a date: "2019年6月20日前", "6月24日", "2019-06-20".</summary>
public sealed record DatedStatement(int Line, int? Year, string Date, string Text);

/// <summary>Finds the dated statements of a guide file, with their line numbers, for <c>kb lint</c> and <c>kb roll</c>.</summary>
public static partial class DatedStatements
{
    public static IReadOnlyList<DatedStatement> In(Guide guide)
    {
        var lines = File.Exists(guide.FilePath)
            ? File.ReadAllLines(guide.FilePath)
            : [.. guide.Sections.SelectMany(s => (s.Heading + "\n" + s.Text).Split('\n'))];
        return InLines(lines, skipFrontMatter: File.Exists(guide.FilePath));
    }

    public static IReadOnlyList<DatedStatement> InLines(IReadOnlyList<string> lines, bool skipFrontMatter)
    {
        var statements = new List<DatedStatement>();
        var start = 0;
        if (skipFrontMatter && lines.Count > 0 && lines[0].Trim() == "---")
        {
            for (var i = 1; i < lines.Count; i++)
            {
                if (lines[i].Trim() == "---") { start = i + 1; break; }
            }
        }
        for (var i = start; i < lines.Count; i++)
        {
            foreach (Match m in DatePattern().Matches(lines[i]))
            {
                // A bare "2019年" with neither month nor day is still a dated statement ("2019年学分学费").
                int? year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, System.Globalization.CultureInfo.InvariantCulture)
                    : m.Groups["y2"].Success ? int.Parse(m.Groups["y2"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
                if (year is null && !m.Groups["m"].Success) continue;
                statements.Add(new DatedStatement(i + 1, year, m.Value, Shorten(lines[i].Trim())));
            }
        }
        return statements;
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "…";

    [GeneratedRegex(@"(?:(?<y>20\d{2})\s*年\s*(?:(?<m>\d{1,2})\s*月\s*(?:(?<d>\d{1,2})\s*[日号])?)?)|(?<y2>20\d{2})[-./](?<m2>\d{1,2})[-./](?<d2>\d{1,2})|(?<m>(?<![\d.])\d{1,2})\s*月\s*(?<d>\d{1,2})\s*[日号]")]
    private static partial Regex DatePattern();
}
