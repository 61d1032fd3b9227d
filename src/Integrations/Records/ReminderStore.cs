using Microsoft.EntityFrameworkCore;

namespace Clearance.Integrations.Records;

/// <summary>Where a student gets reminders: the conversation they subscribed from.</summary>
public sealed record ReminderAddress(string Channel, string Account, string UserId);

/// <summary>A student's subscription choices: the <c>*</c> row and per-kind rows that override it.</summary>
public sealed record SubscriptionSet(IReadOnlyList<ReminderSubscription> Rows)
{
    public bool Wants(string kind)
    {
        var own = Rows.FirstOrDefault(r => r.Kind == kind);
        if (own is not null) return own.Subscribed;
        return Rows.FirstOrDefault(r => r.Kind == ReminderKinds.All)?.Subscribed ?? false;
    }

    public bool Any => ReminderKinds.Ordered.Any(Wants);

    /// <summary>The most recently chosen conversation that can receive pushes.</summary>
    public ReminderAddress? Address => Rows
        .Where(r => r.Channel is { Length: > 0 } && r.Account is { Length: > 0 } && r.UserId is { Length: > 0 })
        .OrderByDescending(r => r.UpdatedAt)
        .Select(r => new ReminderAddress(r.Channel!, r.Account!, r.UserId!))
        .FirstOrDefault();
}

/// <summary>A student the planner considers, with their subscriptions.</summary>
public sealed record SubscribedStudent(Student Student, SubscriptionSet Subscriptions, IReadOnlyList<string> PendingOffices);

/// <summary>The key of a delivery: one kind, one student, one day.</summary>
public sealed record DeliveryKey(string Kind, string StudentId, DateOnly Occurrence);

/// <summary>
/// The reminder tables: subscriptions and the delivery log. A delivery row is written before anything is sent; sending
/// claims it with a conditional update, so two senders (a retried job, a second instance, the CLI) never both win it.
/// </summary>
public sealed class ReminderStore(RecordsDbContextFactory contexts, RecordsSchema schema, TimeProvider time)
{
    private async Task<ClearanceDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureMigratedAsync(cancellationToken);
        return contexts.CreateDbContext();
    }

    // ---- subscriptions ----

    public async Task<SubscriptionSet> GetSubscriptionsAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await db.ReminderSubscriptions.AsNoTracking()
            .Where(s => s.School == school && s.StudentId == studentId)
            .ToListAsync(cancellationToken);
        return new SubscriptionSet(rows);
    }

    /// <summary>
    /// Turns kinds on or off for a student and makes <paramref name="address"/> where every reminder goes. Turning
    /// <c>*</c> on or off clears the per-kind choices, so "订阅提醒" means all and "退订" means none.
    /// </summary>
    public async Task<SubscriptionSet> SetSubscriptionAsync(
        string school, string studentId, IReadOnlyList<string> kinds, bool subscribed, ReminderAddress? address, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        var rows = await db.ReminderSubscriptions
            .Where(s => s.School == school && s.StudentId == studentId)
            .ToListAsync(cancellationToken);
        if (kinds.Contains(ReminderKinds.All))
        {
            db.ReminderSubscriptions.RemoveRange(rows.Where(r => r.Kind != ReminderKinds.All));
            rows.RemoveAll(r => r.Kind != ReminderKinds.All);
        }
        foreach (var kind in kinds)
        {
            var row = rows.FirstOrDefault(r => r.Kind == kind);
            if (row is null)
            {
                row = new ReminderSubscription { School = school, StudentId = studentId, Kind = kind };
                db.ReminderSubscriptions.Add(row);
                rows.Add(row);
            }
            row.Subscribed = subscribed;
            row.UpdatedAt = now;
        }
        if (address is not null)
        {
            foreach (var row in rows)
            {
                row.Channel = address.Channel;
                row.Account = address.Account;
                row.UserId = address.UserId;
                row.UpdatedAt = now;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new SubscriptionSet([.. rows]);
    }

    /// <summary>The user left the channel (unfollowed): every subscription that reached them there goes.</summary>
    public async Task<int> ForgetAddressAsync(string channel, string account, string userId, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.ReminderSubscriptions
            .Where(s => s.Channel == channel && s.Account == account && s.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Students of a school with at least one subscription, with what the planner needs about them.</summary>
    public async Task<IReadOnlyList<SubscribedStudent>> LoadSubscribedAsync(string school, IReadOnlyList<string>? studentIds, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var subscriptions = db.ReminderSubscriptions.AsNoTracking().Where(s => s.School == school);
        if (studentIds is not null) subscriptions = subscriptions.Where(s => studentIds.Contains(s.StudentId));
        var bySubscriber = (await subscriptions.ToListAsync(cancellationToken))
            .GroupBy(s => s.StudentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new SubscriptionSet([.. g]), StringComparer.Ordinal);
        var wanted = bySubscriber.Where(p => p.Value.Any).Select(p => p.Key).ToList();
        var students = new List<Student>();
        var pending = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(500))
        {
            students.AddRange(await db.Students.AsNoTracking()
                .Where(s => s.School == school && chunk.Contains(s.StudentId))
                .ToListAsync(cancellationToken));
            var rows = await db.OfficeStatuses.AsNoTracking()
                .Where(o => o.School == school && o.State == OfficeState.Pending && chunk.Contains(o.StudentId))
                .Select(o => new { o.StudentId, o.OfficeId })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                if (!pending.TryGetValue(row.StudentId, out var list)) pending[row.StudentId] = list = [];
                list.Add(row.OfficeId);
            }
        }
        return [.. students.Select(s => new SubscribedStudent(s, bySubscriber[s.StudentId], pending.GetValueOrDefault(s.StudentId) ?? []))];
    }

    // ---- deliveries ----

    /// <summary>
    /// Writes the deliveries that are not there yet (insert-if-absent on the unique key) and returns how many were new.
    /// A concurrent planner that inserted the same key first wins; this one then skips that row.
    /// </summary>
    public async Task<int> InsertPlannedAsync(string school, IReadOnlyList<DeliveryKey> keys, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return 0;
        var now = time.GetUtcNow();
        var inserted = 0;
        foreach (var dayGroup in keys.GroupBy(k => k.Occurrence))
        {
            var day = dayGroup.Key;
            await using var db = await OpenAsync(cancellationToken);
            var existing = (await db.ReminderDeliveries.AsNoTracking()
                    .Where(d => d.School == school && d.OccurrenceDate == day)
                    .Select(d => new { d.Kind, d.StudentId })
                    .ToListAsync(cancellationToken))
                .Select(d => (d.Kind, d.StudentId))
                .ToHashSet();
            var fresh = dayGroup.Where(k => existing.Add((k.Kind, k.StudentId))).Select(k => NewDelivery(school, k, notBefore, now)).ToList();
            if (fresh.Count == 0) continue;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.ReminderDeliveries.AddRange(fresh);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                inserted += fresh.Count;
            }
            catch (DbUpdateException)
            {
                // Another planner inserted some of these keys meanwhile: fall back to one row at a time, skipping the taken ones.
                inserted += await InsertOneByOneAsync(school, dayGroup.ToList(), notBefore, now, cancellationToken);
            }
        }
        return inserted;
    }

    private async Task<int> InsertOneByOneAsync(string school, List<DeliveryKey> keys, DateTimeOffset? notBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inserted = 0;
        foreach (var key in keys)
        {
            await using var db = await OpenAsync(cancellationToken);
            if (await db.ReminderDeliveries.AnyAsync(d => d.School == school && d.Kind == key.Kind && d.StudentId == key.StudentId && d.OccurrenceDate == key.Occurrence, cancellationToken))
                continue;
            db.ReminderDeliveries.Add(NewDelivery(school, key, notBefore, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                inserted++;
            }
            catch (DbUpdateException)
            {
                // Lost the race for this key on the unique index: the other planner's row stands.
            }
        }
        return inserted;
    }

    private static ReminderDelivery NewDelivery(string school, DeliveryKey key, DateTimeOffset? notBefore, DateTimeOffset now) => new()
    {
        School = school,
        Kind = key.Kind,
        StudentId = key.StudentId,
        OccurrenceDate = key.Occurrence,
        Status = DeliveryStatus.Planned,
        NotBefore = notBefore,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// Housekeeping before a dispatch: abandoned <c>sending</c> rows older than the platform's dedupe window become
    /// <c>uncertain</c> (re-sending could duplicate them), planned rows older than <paramref name="expireBefore"/> are skipped.
    /// </summary>
    public async Task<(int Uncertain, int Expired)> SweepAsync(string school, DateTimeOffset dedupeWindowStart, DateOnly expireBefore, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        var uncertain = await db.ReminderDeliveries
            .Where(d => d.School == school && d.Status == DeliveryStatus.Sending && d.ClaimedAt < dedupeWindowStart)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Uncertain)
                .SetProperty(d => d.Detail, "abandoned while sending; outside the dedupe window, check before re-sending")
                .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        var expired = await db.ReminderDeliveries
            .Where(d => d.School == school && d.Status == DeliveryStatus.Planned && d.OccurrenceDate < expireBefore)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Skipped)
                .SetProperty(d => d.Detail, "expired: not sent in time")
                .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        return (uncertain, expired);
    }

    /// <summary>
    /// Deliveries ready to go, as send batches: planned ones whose time has come, and abandoned <c>sending</c> ones
    /// (claimed before <paramref name="reclaimBefore"/>). A student's rows stay in one batch; abandoned rows keep the
    /// group they were claimed in, so they are re-sent as the same message with the same key.
    /// </summary>
    public async Task<IReadOnlyList<long[]>> FindReadyBatchesAsync(
        string school, DateOnly? occurrence, DateTimeOffset now, DateTimeOffset reclaimBefore, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var query = db.ReminderDeliveries.AsNoTracking().Where(d => d.School == school);
        if (occurrence is { } day) query = query.Where(d => d.OccurrenceDate == day);
        var ready = await query
            .Where(d => d.Status == DeliveryStatus.Planned && (d.NotBefore == null || d.NotBefore <= now)
                        || d.Status == DeliveryStatus.Sending && d.ClaimedAt <= reclaimBefore)
            .Select(d => new { d.Id, d.StudentId, d.Status, d.ClaimToken })
            .ToListAsync(cancellationToken);
        var groups = ready
            .GroupBy(d => d.Status == DeliveryStatus.Sending ? $"{d.StudentId}\u0001{d.ClaimToken}" : d.StudentId, StringComparer.Ordinal)
            .Select(g => g.Select(d => d.Id).Order().ToArray())
            .OrderBy(g => g[0]);
        var batches = new List<long[]>();
        var current = new List<long>();
        foreach (var group in groups)
        {
            if (current.Count > 0 && current.Count + group.Length > batchSize)
            {
                batches.Add([.. current]);
                current.Clear();
            }
            current.AddRange(group);
        }
        if (current.Count > 0) batches.Add([.. current]);
        return batches;
    }

    /// <summary>
    /// Claims what it can of <paramref name="ids"/>: planned rows whose time has come (a new message key per attempt)
    /// and abandoned sending rows (keeping their key, so the platform drops the copy if the first one got through).
    /// Returns the rows won; another claimer's rows are not touched.
    /// </summary>
    public async Task<IReadOnlyList<ReminderDelivery>> ClaimAsync(
        string token, IReadOnlyList<long> ids, DateTimeOffset reclaimBefore, Func<string, CancellationToken, Task<bool>> isHeld, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await OpenAsync(cancellationToken);
        // Old enough is not enough: a sending row is taken over only when the sender that claimed it holds no lease.
        var stale = await db.ReminderDeliveries.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Sending && d.ClaimedAt <= reclaimBefore && d.ClaimToken != token)
            .Select(d => d.ClaimToken!)
            .Distinct()
            .ToListAsync(cancellationToken);
        var abandoned = new List<string>(stale.Count);
        foreach (var claim in stale)
        {
            if (!await isHeld(claim, cancellationToken)) abandoned.Add(claim);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ReminderDeliveries
            .Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Planned && (d.NotBefore == null || d.NotBefore <= now))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Sending)
                .SetProperty(d => d.ClaimToken, token)
                .SetProperty(d => d.ClaimedAt, now)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.MessageKey, d => "rd" + d.Id.ToString() + "a" + (d.Attempts + 1).ToString())
                .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        // The claim token is part of the condition: of two senders that both found a claim abandoned, one takes it over.
        if (abandoned.Count > 0)
        {
            await db.ReminderDeliveries
                .Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Sending && abandoned.Contains(d.ClaimToken!))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.ClaimToken, token)
                    .SetProperty(d => d.ClaimedAt, now)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        }
        var rows = await db.ReminderDeliveries.AsNoTracking().Where(d => d.ClaimToken == token).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        // A student's fresh rows go out as one digest: they all carry the key of the first (re-claimed rows kept theirs).
        foreach (var digest in rows.Where(IsFreshClaim).GroupBy(r => r.StudentId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var lead = digest.First();
            var others = digest.Skip(1).Select(r => r.Id).ToList();
            await db.ReminderDeliveries.Where(d => others.Contains(d.Id)).ExecuteUpdateAsync(u => u.SetProperty(d => d.MessageKey, lead.MessageKey), cancellationToken);
            foreach (var row in digest) row.MessageKey = lead.MessageKey;
        }
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>Claimed from <c>planned</c> just now: its key is still the one the claim derived from its own id and attempt.</summary>
    private static bool IsFreshClaim(ReminderDelivery row) =>
        row.MessageKey == FreshKey(row.Id, row.Attempts);

    public static string FreshKey(long id, int attempt) =>
        "rd" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "a" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Moves planned rows to a later time (quiet hours) without counting an attempt.</summary>
    public async Task<int> DeferAsync(IReadOnlyList<long> ids, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await db.ReminderDeliveries
            .Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Planned && (d.NotBefore == null || d.NotBefore < notBefore))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.NotBefore, notBefore)
                .SetProperty(d => d.UpdatedAt, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// Writes the outcome of a claim in one transaction. Only rows still held by this claim are changed: a row another
    /// sender reclaimed meanwhile is theirs to record.
    /// </summary>
    public async Task RecordAsync(string claimToken, IReadOnlyDictionary<long, DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await OpenAsync(cancellationToken);
        var rows = await db.ReminderDeliveries.Where(d => d.ClaimToken == claimToken && d.Status == DeliveryStatus.Sending).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            if (!outcomes.TryGetValue(row.Id, out var outcome)) continue;
            row.Status = outcome.Status;
            row.UpdatedAt = now;
            if (outcome.ErrorCode is { } code) row.LastErrorCode = code;
            row.Detail = outcome.Detail is null ? null : outcome.Detail.Length <= 200 ? outcome.Detail : string.Concat(outcome.Detail.AsSpan(0, 199), "…");
            if (outcome.Channel is not null)
            {
                row.Channel = outcome.Channel;
                row.Account = outcome.Account;
            }
            if (outcome.Status == DeliveryStatus.Sent) row.SentAt = now;
            if (outcome.Status == DeliveryStatus.Planned) row.NotBefore = outcome.NotBefore;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<(IReadOnlyList<ReminderDelivery> Items, IReadOnlyDictionary<DeliveryStatus, int> Counts)> ListAsync(
        string school, DeliveryStatus? status, int limit, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var all = db.ReminderDeliveries.AsNoTracking().Where(d => d.School == school);
        var counts = (await all.GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Status, c => c.Count);
        var filtered = status is { } s ? all.Where(d => d.Status == s) : all;
        var items = await filtered.OrderByDescending(d => d.Id).Take(limit).ToListAsync(cancellationToken);
        return (items, counts);
    }
}

/// <summary>What became of one delivery in one attempt.</summary>
public sealed record DeliveryOutcome(DeliveryStatus Status, string? ErrorCode = null, string? Detail = null, string? Channel = null, string? Account = null, DateTimeOffset? NotBefore = null);
