using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>The audit log as staff read it: every change to a student's record, oldest first.</summary>
public sealed class AuditStore(RecordsDbContextFactory contexts, RecordsSchema schema) : RecordsStore(contexts, schema)
{
    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.School == school && a.StudentId == studentId)
            .OrderBy(a => a.Id)
            .ToListAsync(cancellationToken);
    }
}
