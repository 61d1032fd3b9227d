using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>
/// What the record stores share: a short-lived context per call on a migrated database (the callers are singletons),
/// and how an audit entry describes what changed.
/// </summary>
public abstract class RecordsStore(RecordsDbContextFactory contexts, RecordsSchema schema)
{
    protected async Task<ClearanceDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureMigratedAsync(cancellationToken);
        return contexts.CreateDbContext();
    }

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    protected static string Describe(Student s) => JsonSerializer.Serialize(new
    {
        s.Name, s.Degree, s.GraduationType, s.Campus, s.HasLoan, s.OnCampus, s.PartyMember, s.WeComUserId,
    }, AuditJson);

    protected static string Describe(OfficeStatus o) => JsonSerializer.Serialize(new
    {
        state = JsonNamingPolicy.CamelCase.ConvertName(o.State.ToString()),
        o.Note,
        details = o.Details.IsEmpty ? null : o.Details,
    }, AuditJson);
}
