using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>A student's clearance as the records hold it.</summary>
public sealed record ClearanceRecord(Student Student, IReadOnlyList<OfficeStatus> Offices, DateTimeOffset? SubmittedAt)
{
    public OfficeStatus? Office(string officeId) =>
        Offices.FirstOrDefault(o => string.Equals(o.OfficeId, officeId, StringComparison.OrdinalIgnoreCase));
}

/// <param name="Forced">A gated office passed while others were open (staff override): audited as <c>status-forced</c>.</param>
public sealed record OfficeStatusUpdate(OfficeState State, string? Note, OfficeDetails? Details, bool Forced = false);

public sealed record StatusChange(OfficeStatus Status, bool Changed, AuditEntry? Audit);

/// <summary>Which students a batch pass covers: the listed ids, or every pending student matching a rule.</summary>
public sealed record BatchSelection(IReadOnlyList<string>? StudentIds, BatchRule Rule);

public enum BatchRule
{
    Listed,
    /// <summary>cqu finance: "学校离校工作开始前学生无欠费的已直接给予通过".</summary>
    NoDebts,
    /// <summary>cqu party committee: "建议提前对非党员进行批量通过".</summary>
    NotPartyMember,
}

public sealed record BatchPassResult(int Passed, int AlreadyPassed, IReadOnlyList<string> UnknownStudents);

public enum SubmitOutcome
{
    Submitted,
    AlreadySubmitted,
    UnknownStudent,
}

/// <summary>Each student's progress: office statuses, batch passes and the one submission. Every change is audited in its transaction.</summary>
public sealed class ProgressStore(RecordsDbContextFactory contexts, RecordsSchema schema, TimeProvider time) : RecordsStore(contexts, schema)
{
    public async Task<ClearanceRecord?> GetRecordAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var student = await db.Students.AsNoTracking()
            .Include(s => s.Offices)
            .Include(s => s.Submission)
            .FirstOrDefaultAsync(s => s.School == school && s.StudentId == studentId, cancellationToken);
        return student is null ? null : new ClearanceRecord(student, student.Offices, student.Submission?.SubmittedAt);
    }

    /// <summary>Sets one office's status (passing it clears its details); null when the student is not on the roster.</summary>
    public async Task<StatusChange?> SetOfficeStatusAsync(string school, string studentId, string officeId, OfficeStatusUpdate update, string actor, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        if (!await db.Students.AnyAsync(s => s.School == school && s.StudentId == studentId, cancellationToken)) return null;
        var status = await db.OfficeStatuses.FirstOrDefaultAsync(
            o => o.School == school && o.StudentId == studentId && o.OfficeId == officeId, cancellationToken);
        var now = time.GetUtcNow();
        string? before = null;
        if (status is null)
        {
            status = new OfficeStatus { School = school, StudentId = studentId, OfficeId = officeId };
            db.OfficeStatuses.Add(status);
        }
        else
        {
            before = Describe(status);
        }
        status.State = update.State;
        status.Note = update.Note;
        // A passed office has no open items: details that said what was still owed would contradict it. The audit's
        // Before keeps what was cleared.
        status.Details = update.State == OfficeState.Passed ? new OfficeDetails() : update.Details ?? new OfficeDetails();
        var after = Describe(status);
        if (before == after) return new StatusChange(status, Changed: false, Audit: null);
        status.UpdatedAt = now;
        status.UpdatedBy = actor;
        var audit = new AuditEntry { At = now, Actor = actor, School = school, StudentId = studentId, OfficeId = officeId, Action = update.Forced ? "status-forced" : "status", Before = before, After = after };
        db.AuditEntries.Add(audit);
        await db.SaveChangesAsync(cancellationToken);
        return new StatusChange(status, Changed: true, audit);
    }

    /// <summary>Marks an office passed for many students at once, clearing its details, each change audited.</summary>
    public async Task<BatchPassResult> PassManyAsync(string school, string officeId, BatchSelection selection, string actor, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var passed = 0;
        var alreadyPassed = 0;
        var unknown = new List<string>();
        List<OfficeStatus> targets;
        switch (selection.Rule)
        {
            case BatchRule.Listed:
                var ids = (selection.StudentIds ?? []).Distinct(StringComparer.Ordinal).ToList();
                var known = await db.Students.Where(s => s.School == school && ids.Contains(s.StudentId)).Select(s => s.StudentId).ToListAsync(cancellationToken);
                unknown.AddRange(ids.Except(known, StringComparer.Ordinal));
                targets = await db.OfficeStatuses.Where(o => o.School == school && o.OfficeId == officeId && known.Contains(o.StudentId)).ToListAsync(cancellationToken);
                foreach (var missing in known.Except(targets.Select(t => t.StudentId), StringComparer.Ordinal))
                {
                    var fresh = new OfficeStatus { School = school, StudentId = missing, OfficeId = officeId, State = OfficeState.Pending };
                    db.OfficeStatuses.Add(fresh);
                    targets.Add(fresh);
                }
                break;
            case BatchRule.NoDebts:
                targets = (await db.OfficeStatuses.Where(o => o.School == school && o.OfficeId == officeId && o.State == OfficeState.Pending).ToListAsync(cancellationToken))
                    .Where(o => !o.Details.HasDebts)
                    .ToList();
                break;
            case BatchRule.NotPartyMember:
                var nonMembers = db.Students.Where(s => s.School == school && !s.PartyMember).Select(s => s.StudentId);
                targets = await db.OfficeStatuses
                    .Where(o => o.School == school && o.OfficeId == officeId && o.State == OfficeState.Pending && nonMembers.Contains(o.StudentId))
                    .ToListAsync(cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(selection), selection.Rule, "unknown batch rule");
        }
        foreach (var status in targets)
        {
            if (status.State == OfficeState.Passed)
            {
                alreadyPassed++;
                continue;
            }
            var before = db.Entry(status).State == EntityState.Added ? null : Describe(status);
            status.State = OfficeState.Passed;
            // As a single pass: the office's open items go, and the audit's Before keeps them.
            status.Details = new OfficeDetails();
            status.UpdatedAt = now;
            status.UpdatedBy = actor;
            db.AuditEntries.Add(new AuditEntry { At = now, Actor = actor, School = school, StudentId = status.StudentId, OfficeId = officeId, Action = "status", Before = before, After = Describe(status) });
            passed++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BatchPassResult(passed, alreadyPassed, unknown);
    }

    /// <summary>Records the student's submission once; a second call (or a race) finds it already there. Completeness is the caller's rule.</summary>
    public async Task<SubmitOutcome> SubmitAsync(string school, string studentId, string channel, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        if (!await db.Students.AnyAsync(s => s.School == school && s.StudentId == studentId, cancellationToken)) return SubmitOutcome.UnknownStudent;
        if (await db.Submissions.AnyAsync(s => s.School == school && s.StudentId == studentId, cancellationToken)) return SubmitOutcome.AlreadySubmitted;
        var now = time.GetUtcNow();
        db.Submissions.Add(new Submission { School = school, StudentId = studentId, SubmittedAt = now, Channel = channel });
        db.AuditEntries.Add(new AuditEntry { At = now, Actor = "student", School = school, StudentId = studentId, Action = "submit", After = channel });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return SubmitOutcome.Submitted;
        }
        catch (DbUpdateException)
        {
            // The primary key (school, student) lost a race with a concurrent submit: it is submitted, once.
            return SubmitOutcome.AlreadySubmitted;
        }
    }
}
