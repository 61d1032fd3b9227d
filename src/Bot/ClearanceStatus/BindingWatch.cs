using System.Text.Json;
using System.Text.Json.Serialization;
using Clearance.Integrations.SharedState;

namespace Clearance.Bot.ClearanceStatus;

/// <summary>
/// Which student ids of a school had failed binding checks in the last 30 days, and which accounts failed at each: the
/// list staff see in the console (shared state has no key listing, so the list is kept). One document per school in
/// <see cref="ISharedState"/>, changed under a short lock. Failed checks are rare by construction (five per account per
/// 30 days), so the lock is not a hot spot; if it cannot be had the counters still hold and only this list misses one.
/// </summary>
public sealed partial class BindingWatch(ISharedState state, TimeProvider time, ILogger<BindingWatch> logger)
{
    /// <summary>Student ids kept per school (the most recently failed); past it the oldest drop off the list, not the counters.</summary>
    public const int MaxStudents = 500;

    /// <summary>Accounts kept per student id: more than enough to unlock the real student's.</summary>
    public const int MaxAccountsPerStudent = 50;

    private static readonly TimeSpan Keep = BindingLimits.IdentityWindow;

    public async Task RecordFailureAsync(string school, string studentId, IReadOnlyList<string> counterKeys, CancellationToken cancellationToken)
    {
        await UpdateAsync(school, entries =>
        {
            var now = time.GetUtcNow();
            var entry = entries.FirstOrDefault(e => e.StudentId == studentId);
            if (entry is null)
            {
                entry = new WatchEntry { StudentId = studentId, FirstFailedAt = now };
                entries.Add(entry);
            }
            entry.Failures++;
            entry.LastFailedAt = now;
            foreach (var key in counterKeys)
            {
                entry.CounterKeys.Remove(key);
                entry.CounterKeys.Add(key);
            }
            if (entry.CounterKeys.Count > MaxAccountsPerStudent) entry.CounterKeys.RemoveRange(0, entry.CounterKeys.Count - MaxAccountsPerStudent);
            return true;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<WatchEntry>> ListAsync(string school, CancellationToken cancellationToken) =>
        Live(await ReadAsync(school, cancellationToken));

    /// <summary>Removes the student id's entry; returns it as it was, or null when it was not listed.</summary>
    public async Task<WatchEntry?> RemoveAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        WatchEntry? removed = null;
        var done = await UpdateAsync(school, entries =>
        {
            removed = entries.FirstOrDefault(e => e.StudentId == studentId);
            return removed is not null && entries.Remove(removed);
        }, cancellationToken);
        // Without the lock the entry may still be read (the staff member sees it again and can retry); say what was there.
        return done ? removed : (await ListAsync(school, cancellationToken)).FirstOrDefault(e => e.StudentId == studentId);
    }

    private async Task<bool> UpdateAsync(string school, Func<List<WatchEntry>, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await using var held = await state.TryLockAsync(LockKey(school), TimeSpan.FromSeconds(5), cancellationToken);
            if (held is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken);
                continue;
            }
            var entries = Live(await ReadAsync(school, cancellationToken));
            if (!change(entries)) return true;
            var kept = entries.OrderByDescending(e => e.LastFailedAt).Take(MaxStudents).ToList();
            await state.SetAsync(Key(school), JsonSerializer.Serialize(kept, WatchJson.Default.ListWatchEntry), Keep, cancellationToken);
            return true;
        }
        LogBusy(logger, school);
        return false;
    }

    private async Task<List<WatchEntry>> ReadAsync(string school, CancellationToken cancellationToken)
    {
        var json = await state.GetAsync(Key(school), cancellationToken);
        if (json is null) return [];
        try
        {
            return JsonSerializer.Deserialize(json, WatchJson.Default.ListWatchEntry) ?? [];
        }
        catch (JsonException)
        {
            // A document from an incompatible version: start the list afresh; the counters are unaffected.
            return [];
        }
    }

    private List<WatchEntry> Live(List<WatchEntry> entries)
    {
        var cutoff = time.GetUtcNow() - Keep;
        return [.. entries.Where(e => e.LastFailedAt > cutoff)];
    }

    private static string Key(string school) => "bind-watch:" + school;

    private static string LockKey(string school) => "bind-watch-lock:" + school;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binding watch list of {School} busy; one failed check is counted but not listed")]
    private static partial void LogBusy(ILogger logger, string school);
}

public sealed class WatchEntry
{
    public string StudentId { get; set; } = "";
    public int Failures { get; set; }
    public DateTimeOffset FirstFailedAt { get; set; }
    public DateTimeOffset LastFailedAt { get; set; }
    /// <summary>The counters of the accounts (and web addresses) that failed at this id, oldest first.</summary>
    public List<string> CounterKeys { get; set; } = [];
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<WatchEntry>))]
internal sealed partial class WatchJson : JsonSerializerContext;
