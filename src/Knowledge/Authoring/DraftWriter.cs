using System.Text;
using System.Text.RegularExpressions;

namespace Clearance.Knowledge.Authoring;

/// <summary>Writes draft guides (and a new school's <c>school.yml</c>) in the knowledge base's own format.</summary>
public static partial class DraftWriter
{
    /// <summary>The file stem drafts of <paramref name="sourceFile"/> are named after: ASCII, lower case.</summary>
    public static string Stem(string sourceFile)
    {
        var stem = NotSlug().Replace(Path.GetFileNameWithoutExtension(sourceFile).ToLowerInvariant(), "-").Trim('-');
        return stem.Length == 0 ? "import" : stem;
    }

    public static string Render(string school, string slug, string sourceFile, DraftGuide draft)
    {
        var b = new StringBuilder();
        b.Append("---\n");
        b.Append($"id: {school}/{slug}\n");
        b.Append($"title: {Quote(draft.Title)}\n");
        b.Append("draft: true\n");
        if (draft.Office is not null) b.Append($"office: {Quote(draft.Office)}\n");
        if (draft.Window is not null) b.Append($"window: {Quote(draft.Window)}\n");
        if (draft.Room is not null) b.Append($"room: {Quote(draft.Room)}\n");
        if (draft.Where is not null) b.Append($"where: {Quote(draft.Where)}\n");
        if (draft.Campuses.Count == 1) b.Append($"campus: {Quote(draft.Campuses[0])}\n");
        if (draft.Campuses.Count > 1)
        {
            // Several campuses: one location each, for a person to fill in from the text.
            b.Append("locations:\n");
            foreach (var campus in draft.Campuses) b.Append($"  - campus: {Quote(campus)}\n");
        }
        if (draft.Phones.Count > 0) b.Append($"phone: [{string.Join(", ", draft.Phones.Select(Quote))}]\n");
        if (draft.Hours is not null) b.Append($"hours: {Quote(draft.Hours)}\n");
        if (draft.Fees.Count > 0) b.Append($"fees: [{string.Join(", ", draft.Fees.Select(Quote))}]\n");
        if (draft.Dates.Count > 0) b.Append($"dates: [{string.Join(", ", draft.Dates.Select(Quote))}]\n");
        b.Append("keywords: []\nquestions: []\n");
        b.Append($"source: {Quote(Path.GetFileName(sourceFile))}\n");
        b.Append($"sourceLines: \"{draft.FirstLine}-{draft.LastLine}\"\n");
        b.Append($"sourceHeadings: [{string.Join(", ", draft.Headings.Select(Quote))}]\n");
        // Every extracted value with the line of the document it came from, so a reviewer can check it.
        b.Append("trace:\n");
        foreach (var t in draft.Trace) b.Append($"  - {Quote($"{t.Kind} {t.Value}: line {t.Line}")}\n");
        b.Append("review:\n");
        foreach (var item in draft.Review) b.Append($"  - {Quote(item)}\n");
        b.Append("---\n");
        foreach (var (heading, lines) in draft.Sections.Where(s => s.Lines.Count > 0))
        {
            b.Append($"## {heading}\n");
            foreach (var line in lines) b.Append(line).Append('\n');
            b.Append('\n');
        }
        return b.ToString();
    }

    /// <summary>A new school's <c>school.yml</c>, drafted from the offices and dates the drafts state.</summary>
    public static string RenderSchool(string school, string? name, IReadOnlyList<(string Id, DraftGuide Draft)> drafts)
    {
        var b = new StringBuilder();
        b.Append("# Drafted by kb import: check every value, then remove this line's 'draft' note.\n");
        b.Append($"id: {school}\n");
        b.Append($"name: {Quote(name ?? school)}\n");
        b.Append("timeZone: Asia/Shanghai\n");
        var contact = drafts.FirstOrDefault(d => d.Draft.Office is not null && d.Draft.Phones.Count > 0).Draft;
        if (contact is not null)
            b.Append($"contact:\n  office: {Quote(contact.Office!)}\n  phone: [{string.Join(", ", contact.Phones.Select(Quote))}]\n");
        var offices = drafts.Where(d => d.Draft.Office is not null).GroupBy(d => d.Draft.Office!, StringComparer.Ordinal).ToList();
        if (offices.Count > 0)
        {
            b.Append("clearance:\n  offices:\n");
            var used = new HashSet<string>(StringComparer.Ordinal);
            var order = 0;
            foreach (var office in offices)
            {
                var (guideId, first) = office.First();
                var id = OfficeIds.For(office.Key);
                for (var n = 2; !used.Add(id); n++) id = $"{OfficeIds.For(office.Key)}-{n}";
                b.Append($"    - id: {id}\n      name: {Quote(office.Key)}\n      order: {++order}\n");
                var phones = office.SelectMany(d => d.Draft.Phones).Distinct().ToList();
                if (phones.Count > 0) b.Append($"      phone: [{string.Join(", ", phones.Select(Quote))}]\n");
                if ((first.Where ?? first.Room ?? first.Window) is { } where) b.Append($"      where: {Quote(where)}\n");
                b.Append($"      guide: {guideId}\n");
            }
        }
        var dated = drafts.SelectMany(d => d.Draft.Trace.Where(t => t.Kind == "date").Select(t => (d.Draft, t))).ToList();
        if (dated.Count > 0)
        {
            b.Append("calendar:\n");
            foreach (var (draft, t) in dated)
            {
                if (MonthDay(t.Value) is not { } md) continue;
                b.Append($"  - kind: office-deadline\n    date: \"{md.Date}\"\n");
                if (md.Year is { } y) b.Append($"    seedYear: {y}\n");
                b.Append($"    title: {Quote(draft.Title)}\n    note: {Quote($"{t.Value} (line {t.Line})")}\n");
            }
        }
        return b.ToString();
    }

    internal static (string Date, int? Year)? MonthDay(string date)
    {
        var m = DateParts().Match(date);
        if (!m.Success) return null;
        var month = int.Parse(m.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day is < 1 or > 31) return null;
        int? year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return ($"{month:00}-{day:00}", year);
    }

    internal static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NotSlug();

    [GeneratedRegex(@"(?:(?<y>20\d{2})\s*[年./-]\s*)?(?<m>\d{1,2})\s*[月./-]\s*(?<d>\d{1,2})")]
    private static partial Regex DateParts();
}

/// <summary>Office ids for the offices schools commonly name (the ids the shipped schools use), else a slug.</summary>
public static class OfficeIds
{
    private static readonly (string Word, string Id)[] Known =
    [
        ("图书馆", "library"), ("财务", "finance"), ("计财", "finance"), ("公寓", "dormitory"), ("宿舍", "dormitory"),
        ("一卡通", "campus-card"), ("校园卡", "campus-card"), ("资助", "financial-aid"), ("贷款", "student-loan"),
        ("档案", "archives"), ("研究生院", "graduate-office"), ("研工", "graduate-office"), ("学工", "student-affairs"),
        ("学生工作", "student-affairs"), ("教务", "academic-affairs"), ("信息", "information-center"), ("网络", "information-center"),
        ("医院", "hospital"), ("党委", "party-committee"), ("团委", "youth-league"), ("保卫", "security"), ("节能", "energy-office"),
        ("国防", "national-defense"), ("户籍", "household-registration"), ("国际", "international"),
    ];

    public static string For(string office)
    {
        foreach (var (word, id) in Known)
        {
            if (office.Contains(word, StringComparison.Ordinal)) return id;
        }
        return "office-" + (uint)office.Aggregate(17, (h, c) => unchecked(h * 31 + c)) % 100000;
    }
}
