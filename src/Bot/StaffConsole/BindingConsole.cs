using System.Text.Json;
using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Staff;
using Clearance.Integrations.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearance.Bot.StaffConsole;

/// <summary>
/// Binding under guessing, for a school's administrators: which student ids had failed checks, how much of each id's
/// daily budget is spent and how many of the accounts that failed at it are locked; and clearing all of that for one
/// id, when a student calls to say they cannot bind. Each clear is an audit entry (<c>binding-clear</c>) under the
/// staff member's label, readable at <c>GET /api/clearance/{school}/{studentId}/audit</c> for ids on the roster.
/// </summary>
public static partial class BindingConsole
{
    public static async Task<Ok<BindingLocksView>> GetLocks(
        string school, BindingWatch watch, BindingAttempts attempts, CancellationToken cancellationToken)
    {
        var items = new List<BindingLockItem>();
        foreach (var entry in await watch.ListAsync(school, cancellationToken))
            items.Add(await ItemAsync(school, entry, attempts, cancellationToken));
        return TypedResults.Ok(new BindingLocksView(
            BindingLimits.ChecksPerIdentity, (int)BindingLimits.IdentityWindow.TotalDays, BindingLimits.StudentChecksPerDay, items));
    }

    public static async Task<Results<Ok<BindingLockItem>, ProblemHttpResult>> PostClear(
        string school, string studentId, CurrentStaff staff, BindingWatch watch, BindingAttempts attempts, AuditStore audit,
        TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var entry = await watch.RemoveAsync(school, studentId, cancellationToken);
        var checksToday = await attempts.StudentChecksAsync(school, studentId, cancellationToken);
        if (entry is null && checksToday == 0)
            return TypedResults.Problem(statusCode: 404, title: "Nothing to clear", detail: $"{school} has no failed binding checks for '{studentId}' in the last 30 days.");
        entry ??= new WatchEntry { StudentId = studentId };
        var before = await ItemAsync(school, entry, attempts, cancellationToken);
        await attempts.ResetAsync(school, studentId, entry.CounterKeys, cancellationToken);
        await audit.AppendAsync(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = staff.Label,
            School = school,
            StudentId = studentId,
            Action = "binding-clear",
            // Counts only: the accounts behind them (openids, addresses) stay out of the audit log.
            Before = JsonSerializer.Serialize(new { before.Failures, before.ChecksToday, before.Accounts, before.LockedAccounts }),
        }, cancellationToken);
        LogCleared(loggers.CreateLogger(typeof(BindingConsole)), school, Privacy.MaskStudentId(studentId), staff.Label);
        return TypedResults.Ok(before);
    }

    private static async Task<BindingLockItem> ItemAsync(string school, WatchEntry entry, BindingAttempts attempts, CancellationToken cancellationToken)
    {
        var checksToday = await attempts.StudentChecksAsync(school, entry.StudentId, cancellationToken);
        var locked = 0;
        foreach (var key in entry.CounterKeys)
        {
            if (attempts.IsSpent(key, await attempts.ReadAsync(key, cancellationToken))) locked++;
        }
        return new BindingLockItem(
            entry.StudentId, entry.Failures, checksToday, checksToday >= BindingLimits.StudentChecksPerDay,
            entry.CounterKeys.Count, locked, entry.Failures == 0 ? null : entry.LastFailedAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Binding limits of {School} student {StudentId} cleared by {Staff}")]
    private static partial void LogCleared(ILogger logger, string school, string studentId, string staff);
}

/// <param name="ChecksPerAccount">Checks one account may make per <paramref name="AccountWindowDays"/> days.</param>
/// <param name="StudentChecksPerDay">Checks at one id per day past which only accounts that never checked before get theirs.</param>
public sealed record BindingLocksView(int ChecksPerAccount, int AccountWindowDays, int StudentChecksPerDay, IReadOnlyList<BindingLockItem> Students);

/// <param name="Failures">Failed checks at this id in the last 30 days (listed ones).</param>
/// <param name="ChecksToday">Checks at this id in its current one-day window, right or wrong.</param>
/// <param name="DailyBudgetSpent">Accounts that checked before are refused at this id until the window ends.</param>
/// <param name="Accounts">Accounts (and web addresses) that failed at this id.</param>
/// <param name="LockedAccounts">Of those, the ones with no checks left.</param>
public sealed record BindingLockItem(
    string StudentId, int Failures, long ChecksToday, bool DailyBudgetSpent, int Accounts, int LockedAccounts, DateTimeOffset? LastFailedAt);
