using Clearance.Integrations.Records;
using Clearance.Knowledge;
using Clearance.Knowledge.Schools;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

public sealed record PlanReport(int Due, int Planned);

/// <summary>What a day's run did: deliveries planned (new rows), then the send batches' totals.</summary>
public sealed record RunReport(string School, DateOnly Date, PlanReport Plan, SendReport Send, int Uncertain, int Expired);

/// <summary>
/// Plans a school's reminders for a day and finds what is ready to send. The Hangfire jobs and the <c>remind run</c>
/// verb both go through here; only the jobs know Hangfire.
/// </summary>
public sealed partial class ReminderRunner(
    ReminderStore store,
    ReminderSender sender,
    KnowledgeBase knowledge,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<ReminderRunner> logger,
    Metrics.BotMetrics metrics)
{
    public SchoolProfile Profile(string school) =>
        knowledge.Current.School(school)?.Profile ?? throw new ArgumentException($"unknown school '{school}'", nameof(school));

    public IEnumerable<string> Schools => knowledge.Current.Schools.Keys.Order(StringComparer.Ordinal);

    /// <summary>Today in the school's time zone: a job at 2026-06-24T16:30Z plans 2026-06-25 in Shanghai.</summary>
    public DateOnly Today(string school) => ReminderPlanner.SchoolDate(time.GetUtcNow(), Profile(school).ResolveTimeZone());

    /// <summary>
    /// Writes the deliveries due on <paramref name="date"/> for subscribed students, before anything is sent. Their
    /// earliest send time is now, or the end of the quiet hours.
    /// </summary>
    public async Task<PlanReport> PlanAsync(string school, DateOnly date, CancellationToken cancellationToken)
    {
        var profile = Profile(school);
        var zone = profile.ResolveTimeZone();
        var subscribed = await store.LoadSubscribedAsync(school, null, cancellationToken);
        var keys = new List<DeliveryKey>();
        foreach (var s in subscribed)
        {
            if (s.Subscriptions.Address is null) continue;
            foreach (var due in ReminderPlanner.PlanFor(profile, date, PlannerStudent.From(s, zone)))
            {
                if (s.Subscriptions.Wants(due.Kind)) keys.Add(new DeliveryKey(due.Kind, due.StudentId, date));
            }
        }
        // Outside the quiet hours a row is ready at once, with no not-before: "now" on this instance's clock would be
        // a moment in the future for a send job on an instance whose clock runs a second behind, which would find
        // nothing to claim and leave the rows to the next hourly plan.
        var now = time.GetUtcNow();
        var quiet = options.Value.QuietHours;
        DateTimeOffset? notBefore = quiet.IsQuiet(now, zone) ? quiet.NextAllowed(now, zone) : null;
        var planned = await store.InsertPlannedAsync(school, keys, notBefore, cancellationToken);
        LogPlanned(logger, school, date, keys.Count, planned);
        metrics.Planned(school, planned);
        return new PlanReport(keys.Count, planned);
    }

    /// <summary>
    /// Sweeps (uncertain, expired) and returns the batches ready now. <paramref name="occurrence"/> limits them to one
    /// day, which an administrator chose on purpose: that day's deliveries do not expire.
    /// </summary>
    public async Task<(IReadOnlyList<long[]> Batches, int Uncertain, int Expired)> ReadyAsync(
        string school, DateOnly? occurrence, TimeSpan reclaimAfter, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var expireBefore = occurrence is null ? Today(school).AddDays(-o.ExpireAfterDays) : DateOnly.MinValue;
        var (uncertain, expired) = await store.SweepAsync(
            school, now - TimeSpan.FromSeconds(Math.Min(o.MpDedupeWindowSeconds, o.WeComDedupeWindowSeconds)), expireBefore, cancellationToken);
        var batches = await store.FindReadyBatchesAsync(school, occurrence, now, now - reclaimAfter, o.BatchSize, cancellationToken);
        return (batches, uncertain, expired);
    }

    /// <summary>
    /// <c>remind run</c>: plans the day and sends what is ready for it, synchronously. Deliveries a killed run left in
    /// <c>sending</c> are re-sent at once with their own key (the platform drops the copy of one that got through);
    /// those past the dedupe window are left <c>uncertain</c>.
    /// </summary>
    public async Task<RunReport> RunDayAsync(string school, DateOnly date, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(school, date, cancellationToken);
        var (send, uncertain, expired) = await SendDayAsync(school, date, cancellationToken);
        return new RunReport(school, date, plan, send, uncertain, expired);
    }

    /// <summary>The sending half of <see cref="RunDayAsync"/>: everything of that day that is ready, abandoned rows re-sent at once.</summary>
    public async Task<(SendReport Send, int Uncertain, int Expired)> SendDayAsync(string school, DateOnly date, CancellationToken cancellationToken)
    {
        var (batches, uncertain, expired) = await ReadyAsync(school, date, TimeSpan.Zero, cancellationToken);
        var total = new SendReport();
        var gate = new Lock();
        // Several batches at a time: some send while others write their outcome (the records store has one writer).
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.ParallelBatches, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(batches, parallel, async (batch, ct) =>
        {
            var report = await sender.SendAsync(school, batch, TimeSpan.Zero, ct);
            lock (gate) total += report;
        });
        metrics.Sent(school, total);
        return (total, uncertain, expired);
    }

    public TimeSpan ReclaimAfter => TimeSpan.FromSeconds(options.Value.ReclaimAfterSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{School} {Date}: {Due} reminders due, {Planned} new deliveries planned")]
    private static partial void LogPlanned(ILogger logger, string school, DateOnly date, int due, int planned);
}
