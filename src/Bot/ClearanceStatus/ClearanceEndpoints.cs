using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearance.Bot.Staff;
using Clearance.Integrations.ClearanceStatus;
using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// The staff API (header <c>X-Api-Key</c>): read a record, mark an office, pass many students at once, load the roster.
/// Keys are scoped to a school and an office (<c>*</c> = administrator) by the <see cref="StaffPolicies.Staff"/> policy on
/// the group; every change is audited under the staff member's label.
/// Errors are ProblemDetails: 400 bad input, 401 no or unknown key, 403 other school or office, 404 unknown student or office,
/// 409 a gated office (<c>gate: afterAll</c>) marked passed while other offices are still open.
/// </summary>
public static partial class ClearanceEndpoints
{
    private const int MaxRosterBytes = 8 * 1024 * 1024;

    public static IEndpointRouteBuilder MapClearanceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/clearance/{school}")
            .RequireAuthorization(StaffPolicies.Staff)
            .WithTags("Clearance");
        group.MapGet("/{studentId}", GetRecord).WithName("GetClearanceRecord");
        // Every office's changes, notes and details: an administrator's view, like the whole record.
        group.MapGet("/{studentId}/audit", GetAudit).WithName("GetClearanceAudit").RequireAuthorization(StaffPolicies.SchoolAdmin);
        group.MapPut("/{studentId}/departments/{dept}", PutDepartment).WithName("PutClearanceDepartment");
        group.MapPost("/departments/{dept}/batch", PostBatch).WithName("PostClearanceBatch");
        group.MapPost("/students", PostStudents).WithName("PostClearanceStudents").RequireAuthorization(StaffPolicies.SchoolAdmin);
        return app;
    }

    /// <summary>
    /// An administrator gets the whole record; an office key what it needs to act on its own office (issue 17 item 7):
    /// the student's name and id, whether the clearance is complete, and its own office's row. Another office's
    /// details (a finance debt), the loan, party membership and living on campus are not its business.
    /// </summary>
    public static async Task<Results<Ok<RecordResponse>, ProblemHttpResult>> GetRecord(
        string school, string studentId, CurrentStaff staff, ProgressStore store, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        if (knowledge.Current.School(school)?.Profile is not { } profile) return UnknownSchool(school);
        var record = await store.GetRecordAsync(school, studentId, cancellationToken);
        if (record is null) return UnknownStudent(school, studentId);
        var progress = ClearanceProgress.For(profile, record);
        return TypedResults.Ok(staff.IsAdministrator ? RecordResponse.From(progress) : RecordResponse.ForOffice(progress, staff.Office));
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> GetAudit(
        string school, string studentId, RosterStore roster, AuditStore audit, CancellationToken cancellationToken)
    {
        if (await roster.FindStudentAsync(school, studentId, cancellationToken) is null) return UnknownStudent(school, studentId);
        return TypedResults.Ok(await audit.GetAuditAsync(school, studentId, cancellationToken));
    }

    public static async Task<Results<Ok<OfficeResponse>, ProblemHttpResult>> PutDepartment(
        string school, string studentId, string dept, DepartmentUpdate? body, CurrentStaff staff,
        ProgressStore store, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        if (knowledge.Current.School(school)?.Profile is not { } profile) return UnknownSchool(school);
        if (profile.FindOffice(dept) is not { } office) return UnknownOffice(school, dept);
        if (body is null) return Invalid("body", "send {\"status\": \"passed|pending|notRequired\", \"note\", \"details\"}");
        if (ParseState(body.Status) is not { } state) return Invalid("status", $"status must be passed, pending or notRequired, not '{body.Status}'");
        if (body.Note is { Length: > 500 }) return Invalid("note", "note may be at most 500 characters");
        var details = new OfficeDetails
        {
            Fields = body.Details?.Fields ?? new(StringComparer.Ordinal),
            Rows = body.Details?.Rows ?? [],
            Total = body.Details?.Total,
        };
        var record = await store.GetRecordAsync(school, studentId, cancellationToken);
        if (record is null) return UnknownStudent(school, studentId);
        var progress = ClearanceProgress.For(profile, record);
        var open = progress.Offices.Where(o => o.Office != office && o.State == OfficeState.Pending).ToList();
        // The seed's rule (cqu 研工办): the last office may pass only once every other one shows ✓. Staff who know
        // better (a paper form signed off-line) may force it; the audit entry then says so.
        var forced = false;
        if (office.IsGatedAfterAll && state == OfficeState.Passed && open.Count > 0)
        {
            if (body.Force != true) return GateClosed(office, open);
            forced = true;
        }
        var change = await store.SetOfficeStatusAsync(school, studentId, office.Id, new OfficeStatusUpdate(state, body.Note, details, forced), staff.Label, cancellationToken);
        if (change is null) return UnknownStudent(school, studentId);
        var required = SchoolOfficePlan.IsRequired(office, record.Student);
        var waiting = office.IsGatedAfterAll && state == OfficeState.Pending && open.Count > 0;
        return TypedResults.Ok(OfficeResponse.From(office, change.Status, required, waiting));
    }

    private static ProblemHttpResult GateClosed(Knowledge.Schools.Office office, IReadOnlyList<OfficeProgress> open) =>
        TypedResults.Problem(
            statusCode: 409,
            title: "Other offices are still open",
            detail: $"{office.Name} is the last office: it can pass only after every other office has passed. Still open: "
                    + string.Join("、", open.Select(o => o.Office.Name)) + ". Send \"force\": true to pass it anyway (audited as forced).",
            extensions: new Dictionary<string, object?> { ["openOffices"] = open.Select(o => o.Office.Id).ToArray() });

    public static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> PostBatch(
        string school, string dept, BatchRequest? body, CurrentStaff staff,
        ProgressStore store, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        if (knowledge.Current.School(school)?.Profile is not { } profile) return UnknownSchool(school);
        if (profile.FindOffice(dept) is not { } office) return UnknownOffice(school, dept);
        // The last office (cqu 研工办) passes a student only once every other office shows ✓, one student at a time
        // at its window; passing it for a list would skip that check for every student in it.
        if (office.IsGatedAfterAll)
        {
            return TypedResults.Problem(
                statusCode: 409,
                title: "The last office is not passed in batches",
                detail: $"{office.Name} is the last office: it passes a student only after every other office has passed. Use PUT for each student.");
        }
        BatchSelection selection;
        switch (body?.Where)
        {
            case null when body?.StudentIds is { Count: > 0 } ids:
                if (ids.Count > 10_000) return Invalid("studentIds", "at most 10000 students per batch");
                selection = new BatchSelection(ids, BatchRule.Listed);
                break;
            case "noDebts":
                selection = new BatchSelection(null, BatchRule.NoDebts);
                break;
            case "notPartyMember":
                selection = new BatchSelection(null, BatchRule.NotPartyMember);
                break;
            default:
                return Invalid("where", "send {\"studentIds\": [...]} or {\"where\": \"noDebts\"} or {\"where\": \"notPartyMember\"}");
        }
        var result = await store.PassManyAsync(school, office.Id, selection, staff.Label, cancellationToken);
        return TypedResults.Ok(new BatchResponse(result.Passed, result.AlreadyPassed, result.UnknownStudents));
    }

    /// <summary>
    /// 200 with what changed; 400 listing every bad row by line (nothing imported); 409 when rows would change whether an
    /// office the student already passed applies (nothing imported; send <c>?confirmPassed=true</c> to import anyway,
    /// the passed offices staying passed).
    /// </summary>
    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> PostStudents(
        string school, bool? confirmPassed, HttpContext context, CurrentStaff staff, RosterImport roster, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > MaxRosterBytes)
            return TypedResults.Problem(statusCode: 413, title: "Roster too large", detail: $"At most {MaxRosterBytes} bytes per request.");
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var content = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(content)) return Invalid("body", "send the roster as text/csv or application/json");
        var report = await roster.ImportAsync(school, content, RosterImport.Detect(request.ContentType, content), staff.Label, confirmPassed == true, cancellationToken);
        return report?.Outcome switch
        {
            null => UnknownSchool(school),
            RosterOutcome.Rejected => TypedResults.Problem(
                statusCode: 400,
                title: "Roster rejected",
                detail: $"{report.ErrorCount} row(s) cannot be imported; nothing from this file was imported. Fix them and send the whole file again.",
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = report.Errors,
                    ["errorCount"] = report.ErrorCount,
                    ["truncated"] = report.ErrorCount > report.Errors.Count,
                }),
            RosterOutcome.NeedsConfirmation => TypedResults.Problem(
                statusCode: 409,
                title: "Roster changes offices already passed",
                detail: $"{report.PassedOffices.Count} row(s) change whether an office the student already passed applies to them; nothing from this file was imported. "
                        + "Check them; to import anyway send the file again with ?confirmPassed=true (those offices stay passed).",
                extensions: new Dictionary<string, object?> { ["passedOffices"] = report.PassedOffices }),
            _ => TypedResults.Ok(ImportResponse.From(report)),
        };
    }

    internal static OfficeState? ParseState(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "passed" or "pass" => OfficeState.Passed,
        "pending" => OfficeState.Pending,
        "notrequired" or "not-required" or "not_required" => OfficeState.NotRequired,
        _ => null,
    };

    internal static string StateName(OfficeState state) => JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    private static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 400,
            Title = "Invalid request",
        });

    private static ProblemHttpResult UnknownSchool(string school) =>
        TypedResults.Problem(statusCode: 404, title: "Unknown school", detail: $"No school '{school}' in the knowledge base.");

    private static ProblemHttpResult UnknownOffice(string school, string dept) =>
        TypedResults.Problem(statusCode: 404, title: "Unknown office", detail: $"{school} has no clearance office '{dept}' in school.yml.");

    private static ProblemHttpResult UnknownStudent(string school, string studentId) =>
        TypedResults.Problem(statusCode: 404, title: "Unknown student", detail: $"{school} has no student '{studentId}' on its roster.");
}

/// <param name="Force">Pass a gated office although other offices are still open; the audit records it as forced.</param>
public sealed record DepartmentUpdate(string? Status, string? Note, DetailsBody? Details, bool? Force = null);

public sealed record DetailsBody(Dictionary<string, string>? Fields, List<FeeRow>? Rows, decimal? Total);

public sealed record BatchRequest(List<string>? StudentIds, string? Where);

public sealed record BatchResponse(int Passed, int AlreadyPassed, IReadOnlyList<string> UnknownStudents);

/// <param name="PassedOffices">Rows (imported with <c>confirmPassed</c>) that changed whether a passed office applies; it stayed passed.</param>
public sealed record ImportResponse(
    int CreatedCount, int UpdatedCount, int Unchanged, IReadOnlyList<string> Created, IReadOnlyList<string> Updated,
    IReadOnlyList<PassedOfficeWarning> PassedOffices)
{
    public static ImportResponse From(RosterImportReport report) =>
        new(report.Created.Count, report.Updated.Count, report.Unchanged, report.Created, report.Updated, report.PassedOffices);
}

public sealed record OfficeResponse(
    string Id, string Name, int Order, string Gate, bool Required, string Status, bool WaitingForOthers,
    string? Note, OfficeDetails? Details, DateTimeOffset? UpdatedAt, string? UpdatedBy)
{
    public static OfficeResponse From(Knowledge.Schools.Office office, OfficeStatus status, bool required, bool waitingForOthers) => new(
        office.Id, office.Name, office.Order, office.Gate, required, ClearanceEndpoints.StateName(status.State), waitingForOthers,
        status.Note, status.Details.IsEmpty ? null : status.Details, status.UpdatedAt, status.UpdatedBy);

    public static OfficeResponse From(OfficeProgress o) => new(
        o.Office.Id, o.Office.Name, o.Office.Order, o.Office.Gate, o.Required, ClearanceEndpoints.StateName(o.State), o.WaitingForOthers,
        o.Status?.Note, o.Status?.Details is { IsEmpty: false } d ? d : null, o.Status?.UpdatedAt, o.Status?.UpdatedBy);
}

/// <summary>The fields an office key does not see are null and left out of the JSON (<see cref="ForOffice"/>).</summary>
public sealed record RecordResponse(
    string School, string StudentId, string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Degree,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GraduationType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Campus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? HasLoan,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? OnCampus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? PartyMember,
    bool Complete, DateTimeOffset? SubmittedAt,
    IReadOnlyList<OfficeResponse> Offices)
{
    public static RecordResponse ForOffice(ClearanceProgress p, string office) => new(
        p.Student.School, p.Student.StudentId, p.Student.Name, null, null, null, null, null, null, p.Complete, p.Record.SubmittedAt,
        [.. p.Offices.Where(o => string.Equals(o.Office.Id, office, StringComparison.OrdinalIgnoreCase)).Select(OfficeResponse.From)]);

    public static RecordResponse From(ClearanceProgress p) => new(
        p.Student.School, p.Student.StudentId, p.Student.Name, p.Student.Degree, p.Student.GraduationType, p.Student.Campus,
        p.Student.HasLoan, p.Student.OnCampus, p.Student.PartyMember, p.Complete, p.Record.SubmittedAt,
        [.. p.Offices.Select(OfficeResponse.From)]);
}
