using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clearance.Integrations.Records;

/// <summary>One roster line as design.md defines it. <see cref="Line"/> is the CSV line (or JSON item) it came from.</summary>
public sealed record RosterRow
{
    public required int Line { get; init; }
    public required string StudentId { get; init; }
    public required string Name { get; init; }
    /// <summary>Plain digits, held only until hashed on import.</summary>
    public required string IdLast6 { get; init; }
    public required string Degree { get; init; }
    public required string GraduationType { get; init; }
    public string? Campus { get; init; }
    public bool HasLoan { get; init; }
    public bool OnCampus { get; init; }
    public bool PartyMember { get; init; }
    public string? WeComUserId { get; init; }

    // Keeps the digits out of any accidental ToString in a log or exception message.
    public override string ToString() => $"RosterRow {{ Line = {Line}, StudentId = {StudentId} }}";
}

public sealed record RosterError(int Line, string Message);

public sealed record RosterParseResult(IReadOnlyList<RosterRow> Rows, IReadOnlyList<RosterError> Errors);

/// <summary>
/// What one school accepts on its roster, from its <c>school.yml</c>: the degrees its clearance applies to, its
/// graduation types, its campuses. The parser checks every row against them so a row that cannot be (a campus the
/// school does not have, 本科 at a graduate-only school) is an error on its line, not a student nobody can clear.
/// Empty <see cref="Degrees"/> / <see cref="GraduationTypes"/> mean the standard lists; empty <see cref="Campuses"/>
/// means the school lists none, so a row may name no campus.
/// </summary>
public sealed record RosterRules(string School, IReadOnlyList<string> Degrees, IReadOnlyList<string> GraduationTypes, IReadOnlyList<string> Campuses)
{
    /// <summary>Only the standard values (design.md); what a caller without a school profile gets.</summary>
    public static RosterRules Standard { get; } = new("", [], [], []);

    public IReadOnlyList<string> AllowedDegrees => Degrees.Count > 0 ? Degrees : RosterParser.Degrees;

    public IReadOnlyList<string> AllowedGraduationTypes => GraduationTypes.Count > 0 ? GraduationTypes : RosterParser.GraduationTypes;

    /// <summary>
    /// The school's own spelling of a campus, or null when it has no such campus. "A校区" and "A" are "A区", "虎溪" is
    /// "虎溪校区": rosters exported by different offices spell the same campus differently.
    /// </summary>
    public string? Campus(string campus)
    {
        var wanted = CampusKey(campus);
        return Campuses.FirstOrDefault(c => CampusKey(c) == wanted);
    }

    public static string CampusKey(string campus) => campus.Replace("校区", "").Replace("区", "").Trim();
}

/// <summary>
/// Reads a roster from CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, UTF-8 with or without BOM) or JSON
/// (an array of objects, or <c>{"students": [...]}</c>) with the same column names. A bad row becomes an error with its
/// line number; the other rows are still returned.
/// </summary>
public static partial class RosterParser
{
    public static readonly string[] Degrees = ["本科", "硕士", "博士"];
    public static readonly string[] GraduationTypes = ["正常毕业", "上本校研", "上本校博", "确定延期", "不确定延期", "结业", "肄业"];
    private static readonly string[] RequiredColumns = ["studentId", "name", "idLast6", "degree", "graduationType", "campus", "hasLoan", "onCampus"];
    private static readonly string[] Columns = [.. RequiredColumns, "wecomUserId", "partyMember"];

    public static RosterParseResult ParseCsv(string text, RosterRules? rules = null)
    {
        rules ??= RosterRules.Standard;
        var rows = new List<RosterRow>();
        var errors = new List<RosterError>();
        var records = ReadRecords(text.TrimStart('\uFEFF')).ToList();
        if (records.Count == 0)
            return new([], [new RosterError(1, "the roster is empty; the first line must name the columns: " + string.Join(',', RequiredColumns))]);

        var header = records[0].Fields.Select(f => f.Trim()).ToList();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) index.TryAdd(header[i], i);
        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            return new([], [new RosterError(records[0].Line, "missing columns: " + string.Join(", ", missing))]);
        // A misspelt optional column (wecom_user_id) would otherwise be dropped without a word, and its values with it.
        var unknown = header.Where(h => h.Length > 0 && !Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
            return new([], [new RosterError(records[0].Line, $"unknown columns: {string.Join(", ", unknown)}; the roster's columns are {string.Join(',', Columns)}")]);

        var seen = new Seen();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace)) continue;
            string? Get(string column) =>
                index.TryGetValue(column, out var i) && i < record.Fields.Count ? record.Fields[i].Trim() : null;
            Add(record.Line, Get, rules, rows, errors, seen);
        }
        return new(rows, errors);
    }

    public static RosterParseResult ParseJson(string json, RosterRules? rules = null)
    {
        rules ??= RosterRules.Standard;
        var rows = new List<RosterRow>();
        var errors = new List<RosterError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return new([], [new RosterError((int)(e.LineNumber ?? 0) + 1, "not valid JSON: " + e.Message)]);
        }
        using (document)
        {
            var array = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => document.RootElement,
                JsonValueKind.Object when document.RootElement.TryGetProperty("students", out var s) && s.ValueKind == JsonValueKind.Array => s,
                _ => default,
            };
            if (array.ValueKind != JsonValueKind.Array)
                return new([], [new RosterError(1, "expected an array of students or {\"students\": [...]}")]);
            var seen = new Seen();
            var item = 0;
            foreach (var element in array.EnumerateArray())
            {
                item++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new RosterError(item, "each student must be an object"));
                    continue;
                }
                var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in element.EnumerateObject())
                {
                    fields[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString()!.Trim(),
                        JsonValueKind.Null => "",
                        _ => p.Value.GetRawText(),
                    };
                }
                var unknown = fields.Keys.Where(k => !Columns.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
                if (unknown.Count > 0)
                {
                    errors.Add(new RosterError(item, $"unknown fields: {string.Join(", ", unknown)}; a student's fields are {string.Join(',', Columns)}"));
                    continue;
                }
                Add(item, c => fields.GetValueOrDefault(c), rules, rows, errors, seen);
            }
        }
        return new(rows, errors);
    }

    /// <summary>Student ids and WeCom userids already on earlier lines of the same file.</summary>
    private sealed class Seen
    {
        public Dictionary<string, int> StudentIds { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> WeComUserIds { get; } = new(StringComparer.Ordinal);
    }

    private static void Add(int line, Func<string, string?> get, RosterRules rules, List<RosterRow> rows, List<RosterError> errors, Seen seen)
    {
        var problems = new List<string>();
        var studentId = get("studentId") ?? "";
        if (!StudentIdPattern().IsMatch(studentId)) problems.Add("studentId must be 1–32 letters, digits, '-' or '_'");
        var name = get("name") ?? "";
        if (name.Length is 0 or > 64) problems.Add("name is required (at most 64 characters)");
        var idLast6 = get("idLast6") ?? "";
        // The value itself is never echoed: the report may be shown or logged.
        if (!IdDigitsHasher.IsWellFormed(idLast6)) problems.Add("idLast6 must be the last 6 ID-card characters (digits, the last may be X)");
        var degree = get("degree") ?? "";
        var degreeKnown = rules.AllowedDegrees.Contains(degree);
        if (!degreeKnown) problems.Add($"degree must be one of {string.Join('/', rules.AllowedDegrees)}{For(rules)}, not '{degree}'");
        var graduationType = get("graduationType") ?? "";
        if (!rules.AllowedGraduationTypes.Contains(graduationType))
            problems.Add($"graduationType must be one of {string.Join('/', rules.AllowedGraduationTypes)}{For(rules)}, not '{graduationType}'");
        else if (degreeKnown && ContinuingFrom(graduationType) is { } from && !from.Contains(degree))
            problems.Add($"graduationType {graduationType} is for a {string.Join('/', from)} graduate, not {degree}");
        var hasLoan = ParseBool(get("hasLoan"), "hasLoan", problems, required: true);
        var onCampus = ParseBool(get("onCampus"), "onCampus", problems, required: true);
        var partyMember = ParseBool(get("partyMember"), "partyMember", problems, required: false);
        var campus = get("campus");
        if (campus is { Length: > 32 }) problems.Add("campus may be at most 32 characters");
        else if (!string.IsNullOrEmpty(campus) && rules.School.Length > 0)
        {
            if (rules.Campuses.Count == 0)
                problems.Add($"campus '{campus}': {rules.School}'s school.yml lists no campuses (add them under campuses:, or leave the column empty)");
            else if (rules.Campus(campus) is { } known)
                campus = known;
            else
                problems.Add($"campus must be one of {string.Join('/', rules.Campuses)}{For(rules)}, not '{campus}'");
        }
        var wecom = get("wecomUserId");
        if (wecom is { Length: > 64 }) problems.Add("wecomUserId may be at most 64 characters");
        if (seen.StudentIds.TryGetValue(studentId, out var first))
            problems.Add($"studentId {studentId} already appears on line {first}");
        // One WeCom user is one student: a second row with the same userid would show one student the other's record.
        if (!string.IsNullOrEmpty(wecom) && seen.WeComUserIds.TryGetValue(wecom, out var firstWeCom))
            problems.Add($"wecomUserId {wecom} already appears on line {firstWeCom}");

        if (studentId.Length > 0) seen.StudentIds.TryAdd(studentId, line);
        if (!string.IsNullOrEmpty(wecom)) seen.WeComUserIds.TryAdd(wecom, line);
        if (problems.Count > 0)
        {
            errors.Add(new RosterError(line, string.Join("; ", problems)));
            return;
        }
        rows.Add(new RosterRow
        {
            Line = line,
            StudentId = studentId,
            Name = name,
            IdLast6 = idLast6.ToUpperInvariant(),
            Degree = degree,
            GraduationType = graduationType,
            Campus = string.IsNullOrEmpty(campus) ? null : campus,
            HasLoan = hasLoan,
            OnCampus = onCampus,
            PartyMember = partyMember,
            WeComUserId = string.IsNullOrEmpty(wecom) ? null : wecom,
        });
    }

    private static string For(RosterRules rules) => rules.School.Length > 0 ? $" (as {rules.School}'s school.yml lists)" : "";

    /// <summary>
    /// 上本校研 continues a 本科 into the school's graduate programme, 上本校博 a 硕士 (or a 本科, 直博) into its
    /// doctorate: a 博士 going on to 上本校博, or a 硕士 to 上本校研, cannot be.
    /// </summary>
    private static string[]? ContinuingFrom(string graduationType) => graduationType switch
    {
        "上本校研" => ["本科"],
        "上本校博" => ["本科", "硕士"],
        _ => null,
    };

    private static bool ParseBool(string? value, string column, List<string> problems, bool required)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "y" or "是":
                return true;
            case "false" or "0" or "no" or "n" or "否":
                return false;
            case null or "" when !required:
                return false;
            default:
                problems.Add($"{column} must be true or false, not '{value}'");
                return false;
        }
    }

    private sealed record CsvRecord(int Line, List<string> Fields);

    private static IEnumerable<CsvRecord> ReadRecords(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var fieldStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    yield return new CsvRecord(recordLine, fields);
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex StudentIdPattern();
}
