using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>The audit log as staff read it: every change to a student's record, oldest first; and staff actions that are not record changes.</summary>
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

    /// <summary>Records a staff action that changes no record table (e.g. clearing binding limits for a student id).</summary>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }
}
