using System.Collections.Concurrent;
using Clearance.Integrations.Records;
using Clearance.Integrations.WeChat;
using Clearance.Knowledge;
using Clearance.Knowledge.Schools;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

/// <summary>What one send batch did, in deliveries (a digest of three is three deliveries and one message).</summary>
public sealed record SendReport
{
    public int Claimed { get; init; }
    public int Messages { get; init; }
    public int Sent { get; init; }
    public int Skipped { get; init; }
    public int Failed { get; init; }
    public int DeadLettered { get; init; }
    /// <summary>Back to planned after a transient failure, or left in sending after an answer that never came.</summary>
    public int Retrying { get; init; }
    /// <summary>Not claimed because of the quiet hours.</summary>
    public int Deferred { get; init; }
    /// <summary>When the retrying or deferred deliveries should be tried again, and which they are.</summary>
    public DateTimeOffset? RetryAt { get; init; }
    public IReadOnlyList<long> RetryIds { get; init; } = [];

    public static SendReport operator +(SendReport a, SendReport b) => new()
    {
        Claimed = a.Claimed + b.Claimed,
        Messages = a.Messages + b.Messages,
        Sent = a.Sent + b.Sent,
        Skipped = a.Skipped + b.Skipped,
        Failed = a.Failed + b.Failed,
        DeadLettered = a.DeadLettered + b.DeadLettered,
        Retrying = a.Retrying + b.Retrying,
        Deferred = a.Deferred + b.Deferred,
        RetryAt = a.RetryAt is null ? b.RetryAt : b.RetryAt is null ? a.RetryAt : a.RetryAt < b.RetryAt ? a.RetryAt : b.RetryAt,
        RetryIds = [.. a.RetryIds, .. b.RetryIds],
    };
}

/// <summary>
/// Sends one batch of deliveries: claim (planned → sending, conditionally), compose one message per student, send it
/// through the channel of the student's conversation (<see cref="IReminderChannel"/>) with the delivery's key as the
/// platform's idempotency key, classify and record the outcome. Safe to run twice on the same ids: the second run
/// claims nothing that the first finished.
/// </summary>
public sealed partial class ReminderSender(
    ReminderStore store,
    KnowledgeBase knowledge,
    IEnumerable<IReminderChannel> channels,
    IOptions<ReminderOptions> options,
    ReminderClaimLeases leases,
    TimeProvider time,
    ILogger<ReminderSender> logger)
{
    private readonly Dictionary<string, IReminderChannel> _channels = channels.ToDictionary(c => c.Channel.Name, StringComparer.Ordinal);

    public async Task<SendReport> SendAsync(string school, IReadOnlyList<long> ids, TimeSpan reclaimAfter, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return new SendReport();
        var o = options.Value;
        if (knowledge.Current.School(school)?.Profile is not { } profile)
            throw new InvalidOperationException($"school '{school}' is not in the knowledge base");
        var zone = profile.ResolveTimeZone();
        var now = time.GetUtcNow();
        var quiet = o.QuietHours;
        if (quiet.IsQuiet(now, zone))
        {
            var at = quiet.NextAllowed(now, zone);
            var deferred = await store.DeferAsync(ids, at, cancellationToken);
            LogDeferred(logger, school, deferred, at);
            return new SendReport { Deferred = deferred, RetryAt = at, RetryIds = ids };
        }

        // The lease exists before the claim is written, so no other sender ever sees this claim without it.
        var token = Guid.NewGuid().ToString("N");
        await using var lease = await leases.HoldAsync(token, cancellationToken);
        var claimed = await store.ClaimAsync(token, ids, now - reclaimAfter, leases.IsHeldAsync, cancellationToken);
        if (claimed.Count == 0) return new SendReport();
        var today = ReminderPlanner.SchoolDate(now, zone);
        var students = (await store.LoadSubscribedAsync(school, [.. claimed.Select(c => c.StudentId).Distinct(StringComparer.Ordinal)], cancellationToken))
            .ToDictionary(s => s.Student.StudentId, StringComparer.Ordinal);
        var outcomes = new ConcurrentDictionary<long, DeliveryOutcome>();
        var messages = 0;
        var groups = claimed.GroupBy(c => (c.StudentId, c.MessageKey)).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = o.SendConcurrency, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var rows = group.ToList();
            var key = group.Key.MessageKey ?? ReminderStore.FreshKey(rows[0].Id, rows[0].Attempts);
            if (await SendGroupAsync(profile, zone, today, now, rows, key, students.GetValueOrDefault(group.Key.StudentId), outcomes, ct))
                Interlocked.Increment(ref messages);
        });
        await store.RecordAsync(token, outcomes, cancellationToken);

        var retry = outcomes.Where(p => p.Value.Status is DeliveryStatus.Planned or DeliveryStatus.Sending).ToList();
        DateTimeOffset? retryAt = retry.Count == 0 ? null : retry.Min(p => p.Value.NotBefore ?? now + reclaimAfter);
        return new SendReport
        {
            Claimed = claimed.Count,
            Messages = messages,
            Sent = outcomes.Count(p => p.Value.Status == DeliveryStatus.Sent),
            Skipped = outcomes.Count(p => p.Value.Status == DeliveryStatus.Skipped),
            Failed = outcomes.Count(p => p.Value.Status == DeliveryStatus.Failed),
            DeadLettered = outcomes.Count(p => p.Value.Status == DeliveryStatus.DeadLettered),
            Retrying = retry.Count,
            RetryAt = retryAt,
            RetryIds = [.. retry.Select(p => p.Key)],
        };
    }

    /// <summary>Sends one student's message; true when a message went to the platform.</summary>
    private async Task<bool> SendGroupAsync(
        SchoolProfile profile, TimeZoneInfo zone, DateOnly today, DateTimeOffset now, List<ReminderDelivery> rows, string key,
        SubscribedStudent? subscriber, ConcurrentDictionary<long, DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        void Skip(IEnumerable<ReminderDelivery> skipped, string reason)
        {
            foreach (var row in skipped) outcomes[row.Id] = new DeliveryOutcome(DeliveryStatus.Skipped, Detail: reason);
        }

        if (subscriber is null)
        {
            Skip(rows, "not subscribed any more, or not on the roster");
            return false;
        }
        var unwanted = rows.Where(r => !subscriber.Subscriptions.Wants(r.Kind)).ToList();
        Skip(unwanted, "unsubscribed from this kind");
        var wanted = rows.Except(unwanted).ToList();
        // Re-plan at send time: the reminder is composed from today's records (a passed office leaves the digest) and a
        // change since planning (the loan was repaid, the graduation type changed) drops it.
        var planned = new List<DueReminder>();
        foreach (var row in wanted)
        {
            var due = ReminderPlanner.PlanFor(profile, row.OccurrenceDate, PlannerStudent.From(subscriber, zone)).FirstOrDefault(d => d.Kind == row.Kind);
            if (due is null) Skip([row], "no longer applies to this student");
            else planned.Add(due);
        }
        var sending = wanted.Where(r => planned.Any(p => p.Kind == r.Kind)).ToList();
        if (sending.Count == 0) return false;
        if (subscriber.Subscriptions.Address is not { } address)
        {
            Skip(sending, "no conversation to send to");
            return false;
        }

        var message = ReminderMessage.Compose(profile, planned, today);
        var (result, skipReason) = _channels.TryGetValue(address.Channel, out var channel)
            ? await channel.SendAsync(profile, address, message, key, cancellationToken)
            : ReminderSendResult.Skipped($"channel '{address.Channel}' cannot receive pushed messages");
        if (result is null)
        {
            Skip(sending, skipReason!);
            return false;
        }
        var attempts = sending.Max(r => r.Attempts);
        var outcome = Classify(result, attempts, now, zone, address);
        foreach (var row in sending) outcomes[row.Id] = outcome;
        if (!result.IsSuccess) LogSendFailed(logger, profile.Id, key, result.ErrCode, outcome.Status);
        return true;
    }

    private DeliveryOutcome Classify(WeChatResult result, int attempts, DateTimeOffset now, TimeZoneInfo zone, ReminderAddress address)
    {
        var o = options.Value;
        var code = result.ErrCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var detail = result.ErrMsg;
        if (result.IsSuccess) return new DeliveryOutcome(DeliveryStatus.Sent, Channel: address.Channel, Account: address.Account);
        if (result.IsPermanentFailure) return new DeliveryOutcome(DeliveryStatus.Failed, code, detail, address.Channel, address.Account);
        if (attempts >= o.MaxAttempts)
            return new DeliveryOutcome(DeliveryStatus.DeadLettered, code, $"gave up after {attempts} attempts: {detail}", address.Channel, address.Account);
        if (result.ErrCode == WeChatResult.Unreachable)
        {
            // No answer: it may have arrived. It stays "sending" with its key, so the re-send after ReclaimAfter is one
            // the platform recognises as the same message (inside its dedupe window) instead of a second reminder.
            return new DeliveryOutcome(DeliveryStatus.Sending, code, $"no answer ({detail}); re-sent with the same key", address.Channel, address.Account);
        }
        // Busy, quota, a refused token, a configuration fault: it did not go; try again later, never in the quiet hours.
        var at = o.QuietHours.NextAllowed(now + o.Backoff(attempts), zone);
        return new DeliveryOutcome(DeliveryStatus.Planned, code, detail, address.Channel, address.Account, at);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{School}: quiet hours, {Count} deliveries deferred to {At}")]
    private static partial void LogDeferred(ILogger logger, string school, int count, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{School} reminder {Key}: errcode {ErrCode}, now {Status}")]
    private static partial void LogSendFailed(ILogger logger, string school, string key, int errCode, DeliveryStatus status);
}
