using Clearance.Integrations.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.Tests.Records;

/// <summary>The behaviour both databases must show; <see cref="SqliteStoreTests"/> and <see cref="PostgresStoreTests"/> run it.</summary>
public static class StoreContract
{
    private static readonly TestPlan Plan = new();

    public static RosterRow Row(string id, string name = "张三", string digits = "123456", bool loan = false, bool onCampus = true, int line = 2) => new()
    {
        Line = line, StudentId = id, Name = name, IdLast6 = digits, Degree = "硕士", GraduationType = "正常毕业",
        Campus = "A区", HasLoan = loan, OnCampus = onCampus,
    };

    public static async Task ImportCreatesStatusesForTheOfficesThatApply(TestStore t)
    {
        var result = await t.Roster.ImportAsync("cqu", [Row("20181234", loan: false, onCampus: false)], Plan, "test", default);

        Assert.Equal(["20181234"], result.Created);
        var record = await t.Progress.GetRecordAsync("cqu", "20181234", default);
        Assert.NotNull(record);
        Assert.Equal(OfficeState.Pending, record.Office("library")!.State);
        Assert.Equal(OfficeState.NotRequired, record.Office("dormitory")!.State);
        Assert.Equal(OfficeState.NotRequired, record.Office("loan")!.State);
        Assert.DoesNotContain("123456", record.Student.IdLast6Hash);
    }

    public static async Task ReimportUpdatesTheStudentAndKeepsPassedOffices(TestStore t)
    {
        await t.Roster.ImportAsync("cqu", [Row("20181234", loan: true)], Plan, "test", default);
        await t.Progress.SetOfficeStatusAsync("cqu", "20181234", "library", new OfficeStatusUpdate(OfficeState.Passed, null, null), "staff", default);

        var again = await t.Roster.ImportAsync("cqu", [Row("20181234", name: "张叁", loan: false)], Plan, "test", default);
        var same = await t.Roster.ImportAsync("cqu", [Row("20181234", name: "张叁", loan: false)], Plan, "test", default);

        Assert.Equal(["20181234"], again.Updated);
        Assert.Equal(1, same.Unchanged);
        var record = (await t.Progress.GetRecordAsync("cqu", "20181234", default))!;
        Assert.Equal("张叁", record.Student.Name);
        Assert.Equal(OfficeState.NotRequired, record.Office("loan")!.State);
        Assert.Equal(OfficeState.Passed, record.Office("library")!.State);
    }

    /// <summary>
    /// A re-import that changes whether an office the student already passed applies (onCampus for the dormitory) is
    /// listed and, unconfirmed, rolled back whole — including the updates of earlier chunks already saved in the
    /// transaction, and without writing the file's new students. Confirmed, it is applied and the office stays passed.
    /// </summary>
    public static async Task AReimportTouchingAPassedOfficeWritesNothingUnlessConfirmed(TestStore t)
    {
        var onRoster = Enumerable.Range(0, 600).Select(i => Row($"3000{i:D4}", line: i + 2)).ToList();
        await t.Roster.ImportAsync("cqu", [Row("20181234", onCampus: true), .. onRoster], Plan, "test", default);
        await t.Progress.SetOfficeStatusAsync("cqu", "20181234", "dormitory", new OfficeStatusUpdate(OfficeState.Passed, null, null), "staff", default);
        // 600 students already on the roster, renamed (a chunk of 500 is saved before the last row is read), 10 new
        // ones, then the one that moved off campus.
        var rows = onRoster.Select(r => r with { Name = "改名" })
            .Concat(Enumerable.Range(0, 10).Select(i => Row($"3100{i:D4}", line: 602 + i)))
            .Append(Row("20181234", name: "张叁", onCampus: false, line: 612)).ToList();

        var unconfirmed = await t.Roster.ImportAsync("cqu", rows, Plan, "test", default);

        Assert.False(unconfirmed.Applied);
        var change = Assert.Single(unconfirmed.PassedOffices);
        Assert.Equal((612, "20181234"), (change.Line, change.StudentId));
        Assert.Equal(["dormitory"], change.OfficeIds);
        Assert.Equal(601, await t.Roster.CountStudentsAsync(default));
        Assert.Equal("张三", (await t.Roster.FindStudentAsync("cqu", "20181234", default))!.Name);
        Assert.Equal("张三", (await t.Roster.FindStudentAsync("cqu", "30000000", default))!.Name);

        var confirmed = await t.Roster.ImportAsync("cqu", rows, Plan, "test", confirmPassed: true, default);

        Assert.True(confirmed.Applied);
        Assert.Equal(10, confirmed.Created.Count);
        Assert.Equal(601, confirmed.Updated.Count);
        Assert.Single(confirmed.PassedOffices);
        var record = (await t.Progress.GetRecordAsync("cqu", "20181234", default))!;
        Assert.Equal(("张叁", false), (record.Student.Name, record.Student.OnCampus));
        Assert.Equal(OfficeState.Passed, record.Office("dormitory")!.State);
        Assert.Equal("改名", (await t.Roster.FindStudentAsync("cqu", "30000000", default))!.Name);
        Assert.Contains(await t.Audit.GetAuditAsync("cqu", "20181234", default), e => e.After?.Contains("kept passed: dormitory") == true);
    }

    /// <summary>
    /// A failure part-way (here a student id twice, which the parser would have refused, as the 502nd new student)
    /// leaves nothing from the file behind, though the 501 rows before it were already written inside the transaction.
    /// </summary>
    public static async Task AnImportThatFailsPartWayLeavesNothing(TestStore t)
    {
        var rows = Enumerable.Range(0, 502).Select(i => Row($"4000{i:D4}", line: i + 2)).ToList();
        rows[^1] = rows[^1] with { StudentId = rows[^2].StudentId };

        await Assert.ThrowsAnyAsync<Exception>(() => t.Roster.ImportAsync("cqu", rows, Plan, "test", default));

        Assert.Equal(0, await t.Roster.CountStudentsAsync(default));
    }

    /// <summary>
    /// A roster the size of a faculty goes in whole, and a failure at its last row takes back the 4,999 rows already
    /// written in the transaction.
    /// </summary>
    public static async Task AFiveThousandRowImportIsAllOrNothing(TestStore t)
    {
        var rows = Enumerable.Range(0, 5000).Select(i => Row($"5{i:D7}", digits: $"{i % 1_000_000:D6}", onCampus: i % 2 == 0, line: i + 2)).ToList();
        var broken = rows.ToList();
        broken[^1] = broken[^1] with { StudentId = broken[^2].StudentId };

        await Assert.ThrowsAnyAsync<Exception>(() => t.Roster.ImportAsync("cqu", broken, Plan, "test", default));
        Assert.Equal(0, await t.Roster.CountStudentsAsync(default));

        var result = await t.Roster.ImportAsync("cqu", rows, Plan, "test", default);

        Assert.Equal(5000, result.Created.Count);
        Assert.Equal(5000, await t.Roster.CountStudentsAsync(default));
        await using var db = t.Contexts.CreateDbContext();
        Assert.Equal(5000 * Plan.OfficeIds.Count, await db.OfficeStatuses.CountAsync());
        Assert.Equal(5000, await db.AuditEntries.CountAsync(a => a.Action == "roster"));
        Assert.True(await t.Bindings.VerifyIdentityAsync("cqu", "50004321", "张三", "004321", default));
        Assert.False(await t.Bindings.VerifyIdentityAsync("cqu", "50004321", "张三", "004322", default));
    }

    /// <summary>
    /// New students are written past EF (COPY / a prepared INSERT). Each must read back, bind and be queried exactly as
    /// the same student saved through EF: same columns and conversions (state as text, times, details JSON, nulls),
    /// so the bot's status reply, batch passes and later re-imports cannot tell the two apart.
    /// </summary>
    public static async Task ABulkImportedStudentIsStoredAsEfStoresIt(TestStore t)
    {
        RosterRow[] rows =
        [
            Row("7001", name: "王五", digits: "12345X", loan: true, onCampus: false, line: 2) with { WeComUserId = "wangwu", PartyMember = true },
            Row("7002", name: "赵六", digits: "000001", loan: false, onCampus: true, line: 3) with { Campus = null },
        ];
        var now = t.Clock.GetUtcNow();
        // The twins, saved the way the import used to save a new student: tracked entities through SaveChanges.
        await t.Roster.AddStudentsAsync(rows.Select(r =>
        {
            var twin = new Student
            {
                School = "cqu", StudentId = "ef-" + r.StudentId, Name = r.Name, Degree = r.Degree, GraduationType = r.GraduationType,
                Campus = r.Campus, HasLoan = r.HasLoan, OnCampus = r.OnCampus, PartyMember = r.PartyMember, WeComUserId = r.WeComUserId is null ? null : "ef-" + r.WeComUserId,
                IdLast6Hash = t.IdDigits.Hash(r.IdLast6), CreatedAt = now, UpdatedAt = now,
            };
            twin.Offices.AddRange(Plan.OfficeIds.Select(o => new OfficeStatus
            {
                School = "cqu", StudentId = twin.StudentId, OfficeId = o, UpdatedAt = now, UpdatedBy = "test",
                State = Plan.IsRequired(o, twin) ? OfficeState.Pending : OfficeState.NotRequired,
            }));
            return twin;
        }), default);

        var result = await t.Roster.ImportAsync("cqu", rows, Plan, "test", default);

        Assert.Equal(["7001", "7002"], result.Created);
        await using var db = t.Contexts.CreateDbContext();
        foreach (var row in rows)
        {
            var bulk = (await t.Progress.GetRecordAsync("cqu", row.StudentId, default))!;
            var ef = (await t.Progress.GetRecordAsync("cqu", "ef-" + row.StudentId, default))!;
            Assert.Equal(Columns(ef.Student), Columns(bulk.Student));
            Assert.Equal(ef.Offices.Select(OfficeColumns).Order(), bulk.Offices.Select(OfficeColumns).Order());
            Assert.Equal(ef.SubmittedAt, bulk.SubmittedAt);
            // Filters the database evaluates: the stored text of the state and the stored form of the time.
            foreach (var state in Enum.GetValues<OfficeState>())
                Assert.Equal(
                    await db.OfficeStatuses.CountAsync(o => o.StudentId == "ef-" + row.StudentId && o.State == state && o.UpdatedAt == now),
                    await db.OfficeStatuses.CountAsync(o => o.StudentId == row.StudentId && o.State == state && o.UpdatedAt == now));
            Assert.True(await t.Bindings.VerifyIdentityAsync("cqu", row.StudentId, row.Name, row.IdLast6, default));
            Assert.False(await t.Bindings.VerifyIdentityAsync("cqu", row.StudentId, row.Name, "999999", default));
            var audit = await db.AuditEntries.SingleAsync(a => a.StudentId == row.StudentId);
            Assert.Equal(("test", "roster", now, null), (audit.Actor, audit.Action, audit.At, audit.Before));
            Assert.Contains(row.Degree, audit.After);
        }
        Assert.Equal("7001", await t.Roster.FindStudentIdByWeComUserAsync("cqu", "wangwu", default));

        static string Columns(Student s) =>
            $"{s.School}|{s.StudentId.Replace("ef-", "")}|{s.Name}|{s.Degree}|{s.GraduationType}|{s.Campus ?? "<null>"}|{s.HasLoan}|{s.OnCampus}|{s.PartyMember}|{s.WeComUserId?.Replace("ef-", "") ?? "<null>"}|{s.CreatedAt:O}|{s.UpdatedAt:O}|{s.IdLast6Hash.Length}";
        static string OfficeColumns(OfficeStatus o) =>
            $"{o.School}|{o.StudentId.Replace("ef-", "")}|{o.OfficeId}|{o.State}|{o.Note ?? "<null>"}|{System.Text.Json.JsonSerializer.Serialize(o.Details)}|{o.UpdatedAt:O}|{o.UpdatedBy}";
    }

    /// <summary>
    /// A row written with the old PBKDF2 scheme still binds; the successful binding re-hashes it under the key, and a
    /// wrong attempt before that leaves it as it was.
    /// </summary>
    public static async Task AnOldPbkdf2RowBindsAndIsRehashedUnderTheKey(TestStore t)
    {
        await t.Roster.AddStudentsAsync([new Student
        {
            School = "cqu", StudentId = "20181234", Name = "张三", Degree = "硕士", GraduationType = "正常毕业",
            IdLast6Hash = LegacyIdDigitsHash.Hash("12345X"),
        }], default);
        async Task<string> Stored() => (await t.Roster.FindStudentAsync("cqu", "20181234", default))!.IdLast6Hash;
        var old = await Stored();

        Assert.False(await t.Bindings.VerifyIdentityAsync("cqu", "20181234", "张三", "123456", default));
        Assert.Equal(old, await Stored());
        Assert.False(await t.Bindings.VerifyIdentityAsync("cqu", "20181234", "李四", "12345X", default));
        Assert.Equal(old, await Stored());

        Assert.True(await t.Bindings.VerifyIdentityAsync("cqu", "20181234", "张三", "12345x", default));

        var migrated = await Stored();
        Assert.StartsWith($"hmac-sha256${t.IdDigits.CurrentKeyId}$", migrated);
        Assert.Equal(new IdDigitsCheck(true, NeedsRehash: false), t.IdDigits.Check("12345X", migrated));
        Assert.True(await t.Bindings.VerifyIdentityAsync("cqu", "20181234", "张三", "12345X", default));
        Assert.True(await t.Bindings.VerifyIdDigitsAsync("cqu", "20181234", "12345X", default));
        Assert.False(await t.Bindings.VerifyIdDigitsAsync("cqu", "20181234", "123456", default));
    }

    public static async Task IdentityIsCheckedAgainstTheHash(TestStore t)
    {
        await t.Roster.ImportAsync("cqu", [Row("20181234", digits: "12345X")], Plan, "test", default);

        Assert.True(await t.Bindings.VerifyIdentityAsync("cqu", "20181234", "张三", "12345x", default));
        Assert.False(await t.Bindings.VerifyIdentityAsync("cqu", "20181234", "张三", "123456", default));
        Assert.False(await t.Bindings.VerifyIdentityAsync("cqu", "20181234", "李四", "12345X", default));
        Assert.False(await t.Bindings.VerifyIdentityAsync("cqu", "20189999", "张三", "12345X", default));
        Assert.False(await t.Bindings.VerifyIdentityAsync("cumt", "20181234", "张三", "12345X", default));
    }

    public static async Task StatusChangesAreAuditedWithBeforeAndAfter(TestStore t)
    {
        await t.Roster.ImportAsync("cqu", [Row("20181234")], Plan, "roster", default);
        var details = new OfficeDetails { Rows = [new FeeRow("2019", "学分学费", 550m)], Total = 550m };
        await t.Progress.SetOfficeStatusAsync("cqu", "20181234", "finance", new OfficeStatusUpdate(OfficeState.Pending, "欠费", details), "cqu-finance", default);
        t.Clock.Advance(TimeSpan.FromHours(1));
        var change = await t.Progress.SetOfficeStatusAsync("cqu", "20181234", "finance", new OfficeStatusUpdate(OfficeState.Passed, null, null), "cqu-finance", default);

        Assert.NotNull(change);
        Assert.True(change.Changed);
        var audit = await t.Audit.GetAuditAsync("cqu", "20181234", default);
        var last = audit[^1];
        Assert.Equal("cqu-finance", last.Actor);
        Assert.Equal("finance", last.OfficeId);
        Assert.Contains("学分学费", last.Before);
        Assert.Contains("passed", last.After);
        Assert.Equal(t.Clock.GetUtcNow(), last.At);
        Assert.Null(await t.Progress.SetOfficeStatusAsync("cqu", "20189999", "finance", new OfficeStatusUpdate(OfficeState.Passed, null, null), "x", default));
    }

    public static async Task BatchPassesOnlyStudentsWithoutDebts(TestStore t)
    {
        await t.Roster.ImportAsync("cqu", [Row("1001"), Row("1002"), Row("1003")], Plan, "roster", default);
        var debt = new OfficeDetails { Rows = [new FeeRow("2019", "学分学费", 550m)], Total = 550m };
        await t.Progress.SetOfficeStatusAsync("cqu", "1002", "finance", new OfficeStatusUpdate(OfficeState.Pending, null, debt), "finance", default);

        var result = await t.Progress.PassManyAsync("cqu", "finance", new BatchSelection(null, BatchRule.NoDebts), "finance", default);
        var listed = await t.Progress.PassManyAsync("cqu", "library", new BatchSelection(["1001", "9999"], BatchRule.Listed), "library", default);

        Assert.Equal(2, result.Passed);
        Assert.Equal(OfficeState.Pending, (await t.Progress.GetRecordAsync("cqu", "1002", default))!.Office("finance")!.State);
        Assert.Equal(OfficeState.Passed, (await t.Progress.GetRecordAsync("cqu", "1003", default))!.Office("finance")!.State);
        Assert.Equal(1, listed.Passed);
        Assert.Equal(["9999"], listed.UnknownStudents);
    }

    public static async Task PassingAnOfficeClearsItsOpenItemsAndTheAuditKeepsThem(TestStore t)
    {
        await t.Roster.ImportAsync("cqu", [Row("1001"), Row("1002")], Plan, "roster", default);
        var books = new OfficeDetails { Fields = { ["未还册数"] = "2" } };
        await t.Progress.SetOfficeStatusAsync("cqu", "1001", "library", new OfficeStatusUpdate(OfficeState.Pending, "有未还图书", books), "library", default);
        await t.Progress.SetOfficeStatusAsync("cqu", "1002", "library", new OfficeStatusUpdate(OfficeState.Pending, "有未还图书", books), "library", default);

        await t.Progress.PassManyAsync("cqu", "library", new BatchSelection(["1001"], BatchRule.Listed), "library", default);
        // A single pass that still carries the old details (a client echoing the record back) clears them too.
        await t.Progress.SetOfficeStatusAsync("cqu", "1002", "library", new OfficeStatusUpdate(OfficeState.Passed, null, books), "library", default);

        foreach (var id in new[] { "1001", "1002" })
        {
            var library = (await t.Progress.GetRecordAsync("cqu", id, default))!.Office("library")!;
            Assert.Equal(OfficeState.Passed, library.State);
            Assert.True(library.Details.IsEmpty, $"{id} kept {library.Details.Fields.Count} detail fields after its pass");
            var last = (await t.Audit.GetAuditAsync("cqu", id, default))[^1];
            Assert.Contains("未还册数", last.Before);
            Assert.DoesNotContain("未还册数", last.After);
        }
    }

    public static async Task SubmissionHappensOnce(TestStore t)
    {
        await t.Roster.ImportAsync("cumt", [Row("2020010002")], Plan, "roster", default);

        Assert.Equal(SubmitOutcome.Submitted, await t.Progress.SubmitAsync("cumt", "2020010002", "web", default));
        Assert.Equal(SubmitOutcome.AlreadySubmitted, await t.Progress.SubmitAsync("cumt", "2020010002", "web", default));
        Assert.Equal(SubmitOutcome.UnknownStudent, await t.Progress.SubmitAsync("cumt", "0000", "web", default));
        Assert.NotNull((await t.Progress.GetRecordAsync("cumt", "2020010002", default))!.SubmittedAt);
    }

    public static async Task BindingsRoundTrip(TestStore t)
    {
        await t.Roster.ImportAsync("cqu", [Row("20181234")], Plan, "roster", default);

        // Looked up before binding too: the cached "not bound" must not outlive the binding.
        var before = await t.Bindings.FindBindingAsync("web:web:u1", default);
        await t.Bindings.BindConversationAsync("web:web:u1", "cqu", "20181234", default);
        var bound = await t.Bindings.FindBindingAsync("web:web:u1", default);
        var removed = await t.Bindings.UnbindConversationAsync("web:web:u1", default);

        Assert.Null(before);
        Assert.Equal("20181234", bound?.StudentId);
        Assert.Equal("cqu", bound?.School);
        Assert.NotNull(removed);
        Assert.Null(await t.Bindings.FindBindingAsync("web:web:u1", default));
    }

    public static async Task ReminderDeliveriesAreUniquePerKindStudentAndOccurrence(TestStore t)
    {
        await t.Schema.EnsureMigratedAsync(default);
        var occurrence = new DateOnly(2026, 6, 25);
        await using (var db = t.Contexts.CreateDbContext())
        {
            db.ReminderDeliveries.Add(new ReminderDelivery { School = "cqu", Kind = "card-stop", StudentId = "1", OccurrenceDate = occurrence, CreatedAt = t.Clock.GetUtcNow(), UpdatedAt = t.Clock.GetUtcNow() });
            db.ReminderSubscriptions.Add(new ReminderSubscription { School = "cqu", StudentId = "1", Kind = "*", Subscribed = true, Channel = "mp", UpdatedAt = t.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        await using var again = t.Contexts.CreateDbContext();
        again.ReminderDeliveries.Add(new ReminderDelivery { School = "cqu", Kind = "card-stop", StudentId = "1", OccurrenceDate = occurrence, Status = DeliveryStatus.Sending });

        await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync());
    }

    public static async Task MigratingTwiceIsHarmless(TestStore t)
    {
        await t.Schema.EnsureMigratedAsync(default);
        var second = new RecordsSchema(t.Contexts, NullLogger<RecordsSchema>.Instance);
        await second.EnsureMigratedAsync(default);

        Assert.Equal(0, await t.Roster.CountStudentsAsync(default));
        await using var db = t.Contexts.CreateDbContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    /// <summary>
    /// Several instances starting together against an empty database (a fresh deployment): each migrates at start, and
    /// every one must come up — with each migration applied once.
    /// </summary>
    public static async Task InstancesMigratingAFreshDatabaseTogetherBothSucceed(TestStore t)
    {
        // Separate factories: separate connection pools, as separate processes would have.
        var instances = Enumerable.Range(0, 4)
            .Select(_ => new RecordsSchema(new RecordsDbContextFactory(Options.Create(t.Options)), NullLogger<RecordsSchema>.Instance))
            .ToList();
        // Released together, without blocking pool threads (other test classes run meanwhile).
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var migrations = instances.Select(async schema =>
        {
            await start.Task;
            await schema.EnsureMigratedAsync(default);
        }).ToList();
        start.SetResult();

        await Task.WhenAll(migrations);

        await using var db = t.Contexts.CreateDbContext();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Equal(db.Database.GetMigrations().ToList(), applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await t.Roster.ImportAsync("cqu", [Row("20181234")], Plan, "test", default);
        Assert.Equal(1, await t.Roster.CountStudentsAsync(default));
    }
}

public sealed class SqliteStoreTests
{
    private static async Task Run(Func<TestStore, Task> test)
    {
        await using var store = TestStore.Sqlite();
        await test(store);
    }

    [Fact] public Task ImportCreatesStatusesForTheOfficesThatApply() => Run(StoreContract.ImportCreatesStatusesForTheOfficesThatApply);
    [Fact] public Task ReimportUpdatesTheStudentAndKeepsPassedOffices() => Run(StoreContract.ReimportUpdatesTheStudentAndKeepsPassedOffices);
    [Fact] public Task AReimportTouchingAPassedOfficeWritesNothingUnlessConfirmed() => Run(StoreContract.AReimportTouchingAPassedOfficeWritesNothingUnlessConfirmed);
    [Fact] public Task AnImportThatFailsPartWayLeavesNothing() => Run(StoreContract.AnImportThatFailsPartWayLeavesNothing);
    [Fact] public Task AFiveThousandRowImportIsAllOrNothing() => Run(StoreContract.AFiveThousandRowImportIsAllOrNothing);
    [Fact] public Task ABulkImportedStudentIsStoredAsEfStoresIt() => Run(StoreContract.ABulkImportedStudentIsStoredAsEfStoresIt);
    [Fact] public Task AnOldPbkdf2RowBindsAndIsRehashedUnderTheKey() => Run(StoreContract.AnOldPbkdf2RowBindsAndIsRehashedUnderTheKey);
    [Fact] public Task IdentityIsCheckedAgainstTheHash() => Run(StoreContract.IdentityIsCheckedAgainstTheHash);
    [Fact] public Task StatusChangesAreAuditedWithBeforeAndAfter() => Run(StoreContract.StatusChangesAreAuditedWithBeforeAndAfter);
    [Fact] public Task BatchPassesOnlyStudentsWithoutDebts() => Run(StoreContract.BatchPassesOnlyStudentsWithoutDebts);
    [Fact] public Task PassingAnOfficeClearsItsOpenItemsAndTheAuditKeepsThem() => Run(StoreContract.PassingAnOfficeClearsItsOpenItemsAndTheAuditKeepsThem);
    [Fact] public Task SubmissionHappensOnce() => Run(StoreContract.SubmissionHappensOnce);
    [Fact] public Task BindingsRoundTrip() => Run(StoreContract.BindingsRoundTrip);
    [Fact] public Task ReminderDeliveriesAreUniquePerKindStudentAndOccurrence() => Run(StoreContract.ReminderDeliveriesAreUniquePerKindStudentAndOccurrence);
    [Fact] public Task MigratingTwiceIsHarmless() => Run(StoreContract.MigratingTwiceIsHarmless);
    [Fact] public Task InstancesMigratingAFreshDatabaseTogetherBothSucceed() => Run(StoreContract.InstancesMigratingAFreshDatabaseTogetherBothSucceed);
}

public sealed class PostgresStoreTests
{
    private static async Task Run(Func<TestStore, Task> test)
    {
        await using var store = TestStore.Postgres();
        await test(store);
    }

    [ServiceFact(Needs.Postgres)] public Task ImportCreatesStatusesForTheOfficesThatApply() => Run(StoreContract.ImportCreatesStatusesForTheOfficesThatApply);
    [ServiceFact(Needs.Postgres)] public Task ReimportUpdatesTheStudentAndKeepsPassedOffices() => Run(StoreContract.ReimportUpdatesTheStudentAndKeepsPassedOffices);
    [ServiceFact(Needs.Postgres)] public Task AReimportTouchingAPassedOfficeWritesNothingUnlessConfirmed() => Run(StoreContract.AReimportTouchingAPassedOfficeWritesNothingUnlessConfirmed);
    [ServiceFact(Needs.Postgres)] public Task AnImportThatFailsPartWayLeavesNothing() => Run(StoreContract.AnImportThatFailsPartWayLeavesNothing);
    [ServiceFact(Needs.Postgres)] public Task AFiveThousandRowImportIsAllOrNothing() => Run(StoreContract.AFiveThousandRowImportIsAllOrNothing);
    [ServiceFact(Needs.Postgres)] public Task ABulkImportedStudentIsStoredAsEfStoresIt() => Run(StoreContract.ABulkImportedStudentIsStoredAsEfStoresIt);
    [ServiceFact(Needs.Postgres)] public Task AnOldPbkdf2RowBindsAndIsRehashedUnderTheKey() => Run(StoreContract.AnOldPbkdf2RowBindsAndIsRehashedUnderTheKey);
    [ServiceFact(Needs.Postgres)] public Task IdentityIsCheckedAgainstTheHash() => Run(StoreContract.IdentityIsCheckedAgainstTheHash);
    [ServiceFact(Needs.Postgres)] public Task StatusChangesAreAuditedWithBeforeAndAfter() => Run(StoreContract.StatusChangesAreAuditedWithBeforeAndAfter);
    [ServiceFact(Needs.Postgres)] public Task BatchPassesOnlyStudentsWithoutDebts() => Run(StoreContract.BatchPassesOnlyStudentsWithoutDebts);
    [ServiceFact(Needs.Postgres)] public Task PassingAnOfficeClearsItsOpenItemsAndTheAuditKeepsThem() => Run(StoreContract.PassingAnOfficeClearsItsOpenItemsAndTheAuditKeepsThem);
    [ServiceFact(Needs.Postgres)] public Task SubmissionHappensOnce() => Run(StoreContract.SubmissionHappensOnce);
    [ServiceFact(Needs.Postgres)] public Task BindingsRoundTrip() => Run(StoreContract.BindingsRoundTrip);
    [ServiceFact(Needs.Postgres)] public Task ReminderDeliveriesAreUniquePerKindStudentAndOccurrence() => Run(StoreContract.ReminderDeliveriesAreUniquePerKindStudentAndOccurrence);
    [ServiceFact(Needs.Postgres)] public Task MigratingTwiceIsHarmless() => Run(StoreContract.MigratingTwiceIsHarmless);
    [ServiceFact(Needs.Postgres)] public Task InstancesMigratingAFreshDatabaseTogetherBothSucceed() => Run(StoreContract.InstancesMigratingAFreshDatabaseTogetherBothSucceed);
}
