using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>
/// Which offices a school has and which of them a given student must visit. The store does not know schools; the bot
/// builds this from <c>school.yml</c> (资助中心 only with a loan, the dormitory only for students who lived on campus…).
/// </summary>
public interface IOfficePlan
{
    IReadOnlyList<string> OfficeIds { get; }

    bool IsRequired(string officeId, Student student);
}

/// <param name="PassedOffices">Rows that change whether an office the student already passed applies to them.</param>
/// <param name="Applied">False when nothing was written: the rows touch passed offices and the caller did not confirm.</param>
public sealed record RosterImportResult(
    IReadOnlyList<string> Created,
    IReadOnlyList<string> Updated,
    int Unchanged,
    IReadOnlyList<PassedOfficeChange> PassedOffices,
    bool Applied = true);

/// <summary>
/// A re-imported row that changes an attribute (hasLoan, onCampus, partyMember, degree) deciding whether an office the
/// student already passed applies to them: the roster now disagrees with work an office has signed off.
/// </summary>
public sealed record PassedOfficeChange(int Line, string StudentId, IReadOnlyList<string> OfficeIds);

/// <summary>The roster: who graduates, with what attributes, and which offices each must visit. Every change is audited.</summary>
/// <param name="idDigits">The ID-digits hash; null (tests of the store alone) uses the key file beside a SQLite store.</param>
public sealed class RosterStore(RecordsDbContextFactory contexts, RecordsSchema schema, TimeProvider time, IdDigitsHasher? idDigits = null)
    : RecordsStore(contexts, schema)
{
    private readonly IdDigitsHasher _idDigits = idDigits ?? IdDigitsKeyFile.DefaultFor(contexts);

    public async Task<Student?> FindStudentAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.Students.AsNoTracking()
            .FirstOrDefaultAsync(s => s.School == school && s.StudentId == studentId, cancellationToken);
    }

    /// <summary>
    /// WeCom users are known by the roster's wecomUserId column only. A userid that merely equals a student id used to
    /// be enough, which made any member the school named that way the student without binding; a school that wants
    /// it says so with <c>WeCom:UserIdRule</c>.
    /// </summary>
    public async Task<string?> FindStudentIdByWeComUserAsync(string school, string weComUserId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.Students.AsNoTracking()
                   .Where(s => s.School == school && s.WeComUserId == weComUserId)
                   .Select(s => s.StudentId)
                   .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>An import that touches no passed office, or is rolled back if it does.</summary>
    public Task<RosterImportResult> ImportAsync(string school, IReadOnlyList<RosterRow> rows, IOfficePlan plan, string actor, CancellationToken cancellationToken) =>
        ImportAsync(school, rows, plan, actor, confirmPassed: false, cancellationToken);

    /// <summary>
    /// Creates or updates the listed students, all or nothing (one transaction). A new student gets a status per office
    /// of the plan: pending where the office applies to them, notRequired elsewhere. A re-import that changes who must
    /// visit an office (e.g. the loan was repaid) moves pending ↔ notRequired; an office that already passed stays
    /// passed, never reopened nor turned into notRequired by a roster.
    /// A row that changes whether a passed office applies is listed in <see cref="RosterImportResult.PassedOffices"/>;
    /// unless <paramref name="confirmPassed"/>, such a file is rolled back whole: a roster that contradicts an office's
    /// signed-off work is more often the wrong file or a shifted column than news, and staff should look first.
    /// </summary>
    public async Task<RosterImportResult> ImportAsync(string school, IReadOnlyList<RosterRow> rows, IOfficePlan plan, string actor, bool confirmPassed, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        var passedOffices = new List<PassedOfficeChange>();
        var updated = new List<string>();
        var unchanged = 0;
        var now = time.GetUtcNow();
        await using var db = await OpenAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Changes are detected once per chunk, before it is saved, not on each tracking call.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // One look at who is on the roster already; rows for anyone else are new students, written in bulk below.
        var known = (await db.Students.AsNoTracking().Where(s => s.School == school).Select(s => s.StudentId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var chunk in rows.Where(r => known.Contains(r.StudentId)).Chunk(500))
        {
            var ids = chunk.Select(r => r.StudentId).ToList();
            var existing = await db.Students
                .Include(s => s.Offices)
                .Where(s => s.School == school && ids.Contains(s.StudentId))
                .ToDictionaryAsync(s => s.StudentId, StringComparer.Ordinal, cancellationToken);
            foreach (var row in chunk)
            {
                var student = existing[row.StudentId];
                var before = Describe(student);
                var digits = _idDigits.Check(row.IdLast6, student.IdLast6Hash);
                var digitsChanged = !digits.Matches;
                var passed = student.Offices.Where(o => o.State == OfficeState.Passed)
                    .Select(o => (o.OfficeId, Required: plan.IsRequired(o.OfficeId, student))).ToList();
                Apply(row, student);
                var touched = passed.Where(p => plan.IsRequired(p.OfficeId, student) != p.Required).Select(p => p.OfficeId).ToList();
                if (touched.Count > 0) passedOffices.Add(new PassedOfficeChange(row.Line, row.StudentId, touched));
                // The roster states the digits, so an old-scheme row it confirms moves to the keyed hash here too (not a change).
                if (digitsChanged || digits.NeedsRehash) student.IdLast6Hash = _idDigits.Hash(row.IdLast6);
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
                    Before = before,
                    After = after + (digitsChanged ? " (ID digits changed)" : "")
                                  + (touched.Count > 0 ? $" (confirmed; kept passed: {string.Join(", ", touched)})" : ""),
                });
                updated.Add(row.StudentId);
            }
            db.ChangeTracker.DetectChanges();
            // Nothing of a saved chunk is read again. Left tracked, every later SaveChanges would scan them all for
            // changes: quadratic in the file. Not accepting the saved changes skips taking a snapshot of each entity
            // (a JSON round trip per office status's details) only to drop it the next moment.
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            db.ChangeTracker.Clear();
        }
        if (passedOffices.Count > 0 && !confirmPassed)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new RosterImportResult([], [], 0, passedOffices, Applied: false);
        }

        // New students go past EF: its per-entity insert (a tracked entity, a command and a key snapshot per row) was
        // nearly all of a 30,000-row import's time (12 office statuses each). Same transaction, so still all or
        // nothing: a student id twice in the file (the parser refuses it; other callers might not) fails the key.
        var students = new List<Student>();
        var offices = new List<OfficeStatus>();
        var audit = new List<AuditEntry>();
        foreach (var row in rows)
        {
            if (known.Contains(row.StudentId)) continue;
            var student = new Student
            {
                School = school,
                StudentId = row.StudentId,
                Name = row.Name,
                IdLast6Hash = _idDigits.Hash(row.IdLast6),
                CreatedAt = now,
            };
            Apply(row, student);
            student.UpdatedAt = now;
            ReconcileOffices(student, plan, actor, now);
            students.Add(student);
            offices.AddRange(student.Offices);
            audit.Add(new AuditEntry { At = now, Actor = actor, School = school, StudentId = row.StudentId, Action = "roster", After = Describe(student) });
            created.Add(row.StudentId);
        }
        // Students first: the office statuses' foreign key points at them.
        await BulkInsert.WriteAsync(db, students, cancellationToken);
        await BulkInsert.WriteAsync(db, offices, cancellationToken);
        await BulkInsert.WriteAsync(db, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RosterImportResult(created, updated, unchanged, passedOffices);
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
}
