using System.Text;
using System.Text.RegularExpressions;
using Clearance.Knowledge.Guides;

namespace Clearance.Knowledge.Authoring;

/// <summary>What the confirm step of <c>kb roll</c> did.</summary>
public sealed record RollConfirmation(IReadOnlyList<string> Confirmed, IReadOnlyList<string> Open);

/// <summary>
/// The yearly roll-over. <see cref="Checklist"/> lists every dated statement of the school's guides and every calendar
/// entry with its date in the new year (its <c>years:</c> override, else the month-day rule), each as a box a person
/// ticks once checked against this year's notices; <see cref="Confirm"/> then writes <c>confirmed: YEAR</c> into every
/// guide whose boxes are all ticked. The checklist lives beside school.yml as <c>roll-YEAR.txt</c> (not .md, so it is
/// never loaded as a guide).
/// </summary>
public static partial class YearRoll
{
    public static string ChecklistPath(string schoolFolder, int year) => Path.Combine(schoolFolder, $"roll-{year}.txt");

    public static string Checklist(SchoolKnowledge school, int year)
    {
        var b = new StringBuilder();
        b.Append($"# {school.Profile.Name} ({school.Profile.Id}): roll-over to {year}\n");
        b.Append($"# Tick each box ([x]) once the statement is checked against {year}'s notices; fix the guide or school.yml where it\n");
        b.Append($"# changed (a calendar date: add years: {{{year}: {{date: \"MM-DD\"}}}} to its entry). Then: kb roll --school {school.Profile.Id} --year {year} --confirm\n\n");
        b.Append("## calendar (school.yml)\n");
        foreach (var entry in school.Profile.Calendar)
        {
            var overridden = entry.Years.ContainsKey(year) ? "this year's override" : $"the month-day rule {entry.Date}";
            b.Append($"[ ] calendar {entry.Kind}: {entry.Title} — {entry.DateIn(year):yyyy-MM-dd} ({overridden})\n");
        }
        foreach (var guide in school.Guides.OrderBy(g => g.FilePath, StringComparer.Ordinal))
        {
            var dated = DatedStatements.In(guide);
            if (dated.Count == 0) continue;
            var file = Path.GetFileName(guide.FilePath);
            b.Append($"\n## {file} ({guide.Title}){(guide.Confirmed is { } c ? $", confirmed {c}" : ", never confirmed")}\n");
            foreach (var line in dated.GroupBy(d => d.Line))
                b.Append($"[ ] {file}:{line.Key}: {string.Join("、", line.Select(d => d.Date))} — {line.First().Text}\n");
        }
        return b.ToString();
    }

    /// <summary>Marks <c>confirmed: YEAR</c> in each guide whose items are all ticked; lists what is still open.</summary>
    public static RollConfirmation Confirm(SchoolKnowledge school, int year, string checklist)
    {
        var items = checklist.Replace("\r\n", "\n").Split('\n').Select(l => Item().Match(l)).Where(m => m.Success).ToList();
        var open = items.Where(m => m.Groups["box"].Value.Trim().Length == 0).Select(m => m.Groups["rest"].Value).ToList();
        var confirmed = new List<string>();
        foreach (var guide in school.Guides)
        {
            var file = Path.GetFileName(guide.FilePath);
            var mine = items.Where(m => m.Groups["rest"].Value.StartsWith(file + ":", StringComparison.Ordinal)).ToList();
            if (mine.Count == 0 || mine.Any(m => m.Groups["box"].Value.Trim().Length == 0)) continue;
            if (guide.Confirmed == year) continue;
            File.WriteAllText(guide.FilePath, WithConfirmed(File.ReadAllText(guide.FilePath), year));
            confirmed.Add(file);
        }
        return new RollConfirmation(confirmed, open);
    }

    /// <summary>The file with its front matter's <c>confirmed:</c> set to <paramref name="year"/> (added after <c>title:</c>).</summary>
    internal static string WithConfirmed(string content, int year)
    {
        var lines = content.Replace("\r\n", "\n").Split('\n').ToList();
        var close = lines.FindIndex(1, l => l.Trim() == "---");
        if (lines.Count == 0 || lines[0].Trim() != "---" || close < 0) throw new GuideFormatException(1, "no front matter to mark confirmed");
        var existing = lines.FindIndex(1, close - 1, l => l.StartsWith("confirmed:", StringComparison.Ordinal));
        if (existing > 0)
        {
            lines[existing] = $"confirmed: {year}";
        }
        else
        {
            var title = lines.FindIndex(1, close - 1, l => l.StartsWith("title:", StringComparison.Ordinal));
            lines.Insert(title > 0 ? title + 1 : close, $"confirmed: {year}");
        }
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"^\[(?<box>[ xX✓]?)\]\s+(?<rest>.+)$")]
    private static partial Regex Item();
}
