using Clearance.Integrations.Records;
using Clearance.Knowledge;

namespace Clearance.Bot.ClearanceStatus;

public enum RosterFormat
{
    Csv,
    Json,
}

/// <summary>What an import did: ids created and updated, how many were unchanged, and each bad row with its line.</summary>
public sealed record RosterImportReport(
    IReadOnlyList<string> Created,
    IReadOnlyList<string> Updated,
    int Unchanged,
    IReadOnlyList<RosterError> Errors);

/// <summary>
/// A school's yearly roster load, shared by <c>students import</c> and <c>POST /api/clearance/{school}/students</c>:
/// parse, then import with the school's office plan so each new student starts with the offices that apply to them.
/// </summary>
public sealed class RosterImport(RosterStore store, KnowledgeBase knowledge)
{
    /// <summary>Null when the school is unknown.</summary>
    public async Task<RosterImportReport?> ImportAsync(string school, string content, RosterFormat format, string actor, CancellationToken cancellationToken)
    {
        var profile = knowledge.Current.School(school)?.Profile;
        if (profile is null) return null;
        var parsed = format == RosterFormat.Json ? RosterParser.ParseJson(content) : RosterParser.ParseCsv(content);
        var result = parsed.Rows.Count == 0
            ? new RosterImportResult([], [], 0, [])
            : await store.ImportAsync(school, parsed.Rows, new SchoolOfficePlan(profile), actor, cancellationToken);
        return new RosterImportReport(result.Created, result.Updated, result.Unchanged, [.. parsed.Errors.Concat(result.Errors).OrderBy(e => e.Line)]);
    }

    /// <summary>JSON when the content type says so or the body starts like JSON; CSV otherwise.</summary>
    public static RosterFormat Detect(string? contentType, string content)
    {
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true) return RosterFormat.Json;
        if (contentType?.Contains("csv", StringComparison.OrdinalIgnoreCase) == true) return RosterFormat.Csv;
        var first = content.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        return first.StartsWith('[') || first.StartsWith('{') ? RosterFormat.Json : RosterFormat.Csv;
    }
}
