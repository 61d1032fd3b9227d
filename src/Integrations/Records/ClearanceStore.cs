using System.Text.Json;
using Clearance.Integrations.SharedState;
using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>A student's clearance as the records hold it.</summary>
public sealed record ClearanceRecord(Student Student, IReadOnlyList<OfficeStatus> Offices, DateTimeOffset? SubmittedAt)
{
    public OfficeStatus? Office(string officeId) =>
        Offices.FirstOrDefault(o => string.Equals(o.OfficeId, officeId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Which offices a school has and which of them a given student must visit. The store does not know schools; the bot
/// builds this from <c>school.yml</c> (资助中心 only with a loan, the dormitory only for students who lived on campus…).
/// </summary>
public interface IOfficePlan
{
    IReadOnlyList<string> OfficeIds { get; }

    bool IsRequired(string officeId, Student student);
}

public sealed record RosterImportResult(
    IReadOnlyList<string> Created,
    IReadOnlyList<string> Updated,
    int Unchanged,
    IReadOnlyList<RosterError> Errors);

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

/// <summary>Reads and writes the records. Every change to a status, the roster or a submission writes an audit entry in the same transaction.</summary>
/// <param name="sharedState">
/// Caches conversation → binding lookups, which every turn makes (the identity middleware): in Redis mode a key read
/// instead of a PostgreSQL query. Binding and unbinding go through this store and replace the entry, so the cache is
/// never behind the table for those; null (tests of the store alone) reads the table each time.
/// </param>
public sealed class ClearanceStore(RecordsDbContextFactory contexts, RecordsSchema schema, TimeProvider time, ISharedState? sharedState = null)
{
    private static readonly TimeSpan BindingCacheLifetime = TimeSpan.FromMinutes(10);

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private async Task<ClearanceDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureMigratedAsync(cancellationToken);
        return contexts.CreateDbContext();
    }

    public async Task<ClearanceRecord?> GetRecordAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var student = await db.Students.AsNoTracking()
            .Include(s => s.Offices)
            .Include(s => s.Submission)
            .FirstOrDefaultAsync(s => s.School == school && s.StudentId == studentId, cancellationToken);
        return student is null ? null : new ClearanceRecord(student, student.Offices, student.Submission?.SubmittedAt);
    }

    public async Task<Student?> FindStudentAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.Students.AsNoTracking()
            .FirstOrDefaultAsync(s => s.School == school && s.StudentId == studentId, cancellationToken);
    }

    /// <summary>WeCom users are known by their userid: the roster's wecomUserId column, else a userid equal to the student id.</summary>
    public async Task<string?> FindStudentIdByWeComUserAsync(string school, string weComUserId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.Students.AsNoTracking()
                   .Where(s => s.School == school && s.WeComUserId == weComUserId)
                   .Select(s => s.StudentId)
                   .FirstOrDefaultAsync(cancellationToken)
               ?? await db.Students.AsNoTracking()
                   .Where(s => s.School == school && s.StudentId == weComUserId && s.WeComUserId == null)
                   .Select(s => s.StudentId)
                   .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>True when the roster has this student with this name and these last six ID characters. Same cost whether or not the student exists.</summary>
    public async Task<bool> VerifyIdentityAsync(string school, string studentId, string name, string idLast6, CancellationToken cancellationToken)
    {
        var student = await FindStudentAsync(school, studentId, cancellationToken);
        var digitsMatch = IdDigitsHasher.Verify(idLast6, student?.IdLast6Hash);
        return student is not null && digitsMatch && string.Equals(student.Name.Trim(), name.Trim(), StringComparison.Ordinal);
    }

    public async Task<Binding?> FindBindingAsync(string conversationKey, CancellationToken cancellationToken)
    {
        if (sharedState is not null && await sharedState.GetAsync(BindingCacheKey(conversationKey), cancellationToken) is { } cached)
            return ParseCachedBinding(conversationKey, cached);
        await using var db = await OpenAsync(cancellationToken);
        var binding = await db.Bindings.AsNoTracking().FirstOrDefaultAsync(b => b.ConversationKey == conversationKey, cancellationToken);
        await CacheBindingAsync(conversationKey, binding, cancellationToken);
        return binding;
    }

    private static string BindingCacheKey(string conversationKey) => "binding:" + conversationKey;

    private Task CacheBindingAsync(string conversationKey, Binding? binding, CancellationToken cancellationToken) =>
        sharedState is null
            ? Task.CompletedTask
            : sharedState.SetAsync(
                BindingCacheKey(conversationKey),
                binding is null ? "-" : $"{binding.School}\n{binding.StudentId}\n{binding.BoundAt.UtcTicks}",
                BindingCacheLifetime,
                cancellationToken);

    /// <summary>"-" records that the conversation is not bound, which is most turns' answer.</summary>
    private static Binding? ParseCachedBinding(string conversationKey, string cached)
    {
        var parts = cached.Split('\n');
        if (parts.Length != 3 || !long.TryParse(parts[2], out var ticks)) return null;
        return new Binding { ConversationKey = conversationKey, School = parts[0], StudentId = parts[1], BoundAt = new DateTimeOffset(ticks, TimeSpan.Zero) };
    }

    public async Task BindConversationAsync(string conversationKey, string school, string studentId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        var binding = await db.Bindings.FirstOrDefaultAsync(b => b.ConversationKey == conversationKey, cancellationToken);
        if (binding is null)
        {
            db.Bindings.Add(new Binding { ConversationKey = conversationKey, School = school, StudentId = studentId, BoundAt = now });
        }
        else
        {
            binding.School = school;
            binding.StudentId = studentId;
            binding.BoundAt = now;
        }
        db.AuditEntries.Add(new AuditEntry { At = now, Actor = "student", School = school, StudentId = studentId, Action = "bind", After = ChannelOf(conversationKey) });
        await db.SaveChangesAsync(cancellationToken);
        await CacheBindingAsync(conversationKey, new Binding { ConversationKey = conversationKey, School = school, StudentId = studentId, BoundAt = now }, cancellationToken);
    }

    public async Task<Binding?> UnbindConversationAsync(string conversationKey, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var binding = await db.Bindings.FirstOrDefaultAsync(b => b.ConversationKey == conversationKey, cancellationToken);
        if (binding is null) return null;
        db.Bindings.Remove(binding);
        db.AuditEntries.Add(new AuditEntry { At = time.GetUtcNow(), Actor = "student", School = binding.School, StudentId = binding.StudentId, Action = "unbind", Before = ChannelOf(conversationKey) });
        await db.SaveChangesAsync(cancellationToken);
        await CacheBindingAsync(conversationKey, null, cancellationToken);
        return binding;
    }

    /// <summary>
    /// Creates or updates the listed students. A new student gets a status per office of the plan: pending where the
    /// office applies to them, notRequired elsewhere. A re-import that changes who must visit an office (e.g. the loan
    /// was repaid) moves pending ↔ notRequired; an office that already passed stays passed.
    /// </summary>
    public async Task<RosterImportResult> ImportAsync(string school, IReadOnlyList<RosterRow> rows, IOfficePlan plan, string actor, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        var updated = new List<string>();
        var unchanged = 0;
        var now = time.GetUtcNow();
        await using var db = await OpenAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in rows.Chunk(500))
        {
            var ids = chunk.Select(r => r.StudentId).ToList();
            var existing = await db.Students
                .Include(s => s.Offices)
                .Where(s => s.School == school && ids.Contains(s.StudentId))
                .ToDictionaryAsync(s => s.StudentId, StringComparer.Ordinal, cancellationToken);
            foreach (var row in chunk)
            {
                if (!existing.TryGetValue(row.StudentId, out var student))
                {
                    student = new Student
                    {
                        School = school,
                        StudentId = row.StudentId,
                        Name = row.Name,
                        IdLast6Hash = IdDigitsHasher.Hash(row.IdLast6),
                        CreatedAt = now,
                    };
                    Apply(row, student);
                    student.UpdatedAt = now;
                    ReconcileOffices(student, plan, actor, now);
                    db.Students.Add(student);
                    db.AuditEntries.Add(new AuditEntry { At = now, Actor = actor, School = school, StudentId = row.StudentId, Action = "roster", After = Describe(student) });
                    created.Add(row.StudentId);
                    continue;
                }
                var before = Describe(student);
                var digitsChanged = !IdDigitsHasher.Verify(row.IdLast6, student.IdLast6Hash);
                Apply(row, student);
                if (digitsChanged) student.IdLast6Hash = IdDigitsHasher.Hash(row.IdLast6);
                var officesChanged = ReconcileOffices(student, plan, actor, now);
                var after = Describe(student);
                if (before == after && !digitsChanged && !officesChanged)
                {
                    unchanged++;
                    continue;
                }
                student.UpdatedAt = now;
                db.AuditEntries.Add(new AuditEntry
                {
                    At = now, Actor = actor, School = school, StudentId = row.StudentId, Action = "roster",
                    Before = before, After = digitsChanged ? after + " (ID digits changed)" : after,
                });
                updated.Add(row.StudentId);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new RosterImportResult(created, updated, unchanged, []);
    }

    private static void Apply(RosterRow row, Student student)
    {
        student.Name = row.Name;
        student.Degree = row.Degree;
        student.GraduationType = row.GraduationType;
        student.Campus = row.Campus;
        student.HasLoan = row.HasLoan;
        student.OnCampus = row.OnCampus;
        student.PartyMember = row.PartyMember;
        student.WeComUserId = row.WeComUserId;
    }

    private static bool ReconcileOffices(Student student, IOfficePlan plan, string actor, DateTimeOffset now)
    {
        var changed = false;
        foreach (var officeId in plan.OfficeIds)
        {
            var required = plan.IsRequired(officeId, student);
            var status = student.Offices.FirstOrDefault(o => o.OfficeId == officeId);
            if (status is null)
            {
                student.Offices.Add(new OfficeStatus
                {
                    School = student.School,
                    StudentId = student.StudentId,
                    OfficeId = officeId,
                    State = required ? OfficeState.Pending : OfficeState.NotRequired,
                    UpdatedAt = now,
                    UpdatedBy = actor,
                });
                changed = true;
            }
            else if (required && status.State == OfficeState.NotRequired || !required && status.State == OfficeState.Pending)
            {
                status.State = required ? OfficeState.Pending : OfficeState.NotRequired;
                status.UpdatedAt = now;
                status.UpdatedBy = actor;
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>Sets one office's status; null when the student is not on the roster.</summary>
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
        status.Details = update.Details ?? new OfficeDetails();
        var after = Describe(status);
        if (before == after) return new StatusChange(status, Changed: false, Audit: null);
        status.UpdatedAt = now;
        status.UpdatedBy = actor;
        var audit = new AuditEntry { At = now, Actor = actor, School = school, StudentId = studentId, OfficeId = officeId, Action = update.Forced ? "status-forced" : "status", Before = before, After = after };
        db.AuditEntries.Add(audit);
        await db.SaveChangesAsync(cancellationToken);
        return new StatusChange(status, Changed: true, audit);
    }

    /// <summary>Marks an office passed for many students at once, each change audited.</summary>
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

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(a => a.School == school && a.StudentId == studentId)
            .OrderBy(a => a.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<int> CountStudentsAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.Students.CountAsync(cancellationToken);
    }

    /// <summary>Bulk insert of prepared students (demo data, benchmarks): no audit, one transaction.</summary>
    public async Task AddStudentsAsync(IEnumerable<Student> students, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var chunk in students.Chunk(1000))
        {
            db.Students.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static string Describe(Student s) => JsonSerializer.Serialize(new
    {
        s.Name, s.Degree, s.GraduationType, s.Campus, s.HasLoan, s.OnCampus, s.PartyMember, s.WeComUserId,
    }, AuditJson);

    private static string Describe(OfficeStatus o) => JsonSerializer.Serialize(new
    {
        state = JsonNamingPolicy.CamelCase.ConvertName(o.State.ToString()),
        o.Note,
        details = o.Details.IsEmpty ? null : o.Details,
    }, AuditJson);

    private static string ChannelOf(string conversationKey) => conversationKey.Split(':')[0];
}
