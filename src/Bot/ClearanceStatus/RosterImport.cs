using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Clearance.Knowledge.Schools;

namespace Clearance.Bot.ClearanceStatus;

public enum RosterFormat
{
    Csv,
    Json,
}

public enum RosterOutcome
{
    /// <summary>Every row written (or none needed writing).</summary>
    Imported,
    /// <summary>Some row cannot be: nothing was written; <see cref="RosterImportReport.Errors"/> says where.</summary>
    Rejected,
    /// <summary>Rows touch offices already passed and the caller did not confirm: nothing was written.</summary>
    NeedsConfirmation,
}

/// <summary>A passed office whose applicability a re-imported row changes, with the office's name for people.</summary>
public sealed record PassedOfficeWarning(int Line, string StudentId, IReadOnlyList<string> Offices)
{
    public string Message => $"{StudentId} already passed {string.Join("、", Offices)}; this row changes whether it applies to them (it stays passed)";
}

/// <summary>
/// What an import did: ids created and updated, how many were unchanged, every bad row with its line (at most
/// <see cref="RosterImport.MaxErrorsListed"/> listed, <see cref="ErrorCount"/> counts them all), and the rows that touch
/// offices already passed.
/// </summary>
public sealed record RosterImportReport(
    RosterOutcome Outcome,
    IReadOnlyList<string> Created,
    IReadOnlyList<string> Updated,
    int Unchanged,
    IReadOnlyList<RosterError> Errors,
    int ErrorCount,
    IReadOnlyList<PassedOfficeWarning> PassedOffices);

/// <summary>
/// A school's yearly roster load, shared by <c>students import</c> and <c>POST /api/clearance/{school}/students</c>:
/// parse and check every row against the school's <c>school.yml</c> (degrees, graduation types, campuses; a school
/// without clearance offices takes no roster), then import all rows in one transaction or none. A file with any bad row
/// imports nothing; a file whose rows would change whether a passed office applies imports nothing unless confirmed.
/// </summary>
public sealed class RosterImport(RosterStore store, KnowledgeBase knowledge)
{
    /// <summary>Enough to fix a file by; a wrong file (10 000 bad rows) should not become a 10 000-line report.</summary>
    public const int MaxErrorsListed = 100;

    /// <summary>Null when the school is unknown.</summary>
    /// <param name="confirmPassed">Import rows that change whether a passed office applies (it stays passed).</param>
    public async Task<RosterImportReport?> ImportAsync(
        string school, string content, RosterFormat format, string actor, bool confirmPassed, CancellationToken cancellationToken)
    {
        var profile = knowledge.Current.School(school)?.Profile;
        if (profile is null) return null;
        if (profile.Clearance.Offices.Count == 0)
            return Rejected([new RosterError(1, $"{school}'s school.yml lists no clearance offices: there is nothing to track for a roster")]);
        var rules = RulesFor(profile);
        var parsed = format == RosterFormat.Json ? RosterParser.ParseJson(content, rules) : RosterParser.ParseCsv(content, rules);
        if (parsed.Errors.Count > 0) return Rejected(parsed.Errors);
        if (parsed.Rows.Count == 0) return new RosterImportReport(RosterOutcome.Imported, [], [], 0, [], 0, []);
        var result = await store.ImportAsync(school, parsed.Rows, new SchoolOfficePlan(profile), actor, confirmPassed, cancellationToken);
        var warnings = result.PassedOffices
            .Select(p => new PassedOfficeWarning(p.Line, p.StudentId, [.. p.OfficeIds.Select(id => profile.FindOffice(id)?.Name ?? id)]))
            .ToList();
        return new RosterImportReport(
            result.Applied ? RosterOutcome.Imported : RosterOutcome.NeedsConfirmation,
            result.Created, result.Updated, result.Unchanged, [], 0, warnings);
    }

    public static RosterRules RulesFor(SchoolProfile profile) =>
        new(profile.Id, profile.Clearance.AppliesTo, profile.Clearance.GraduationTypes, profile.Campuses);

    private static RosterImportReport Rejected(IReadOnlyList<RosterError> errors) =>
        new(RosterOutcome.Rejected, [], [], 0, [.. errors.OrderBy(e => e.Line).Take(MaxErrorsListed)], errors.Count, []);

    /// <summary>JSON when the content type says so or the body starts like JSON; CSV otherwise.</summary>
    public static RosterFormat Detect(string? contentType, string content)
    {
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true) return RosterFormat.Json;
        if (contentType?.Contains("csv", StringComparison.OrdinalIgnoreCase) == true) return RosterFormat.Csv;
        var first = content.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        return first.StartsWith('[') || first.StartsWith('{') ? RosterFormat.Json : RosterFormat.Csv;
    }
}
