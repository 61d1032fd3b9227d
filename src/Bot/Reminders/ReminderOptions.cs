using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

/// <summary><c>Reminders</c>: when reminders may go out, how hard to try, how fast to send.</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Reminders";

    /// <summary>Start of the quiet hours in school time (<c>HH:mm</c>); nothing is sent from then…</summary>
    [Required]
    public string QuietHoursStart { get; set; } = "22:00";

    /// <summary>…until this time; first sends and retries wait for it.</summary>
    [Required]
    public string QuietHoursEnd { get; set; } = "08:00";

    /// <summary>Attempts before a delivery that keeps failing transiently is dead-lettered.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the n-th retry of a transient failure; the last value repeats.</summary>
    public List<int>? BackoffSeconds { get; set; }

    /// <summary>MP template messages per second across the service (counted in the shared state, so across instances with Redis).</summary>
    [Range(1, 100_000)]
    public int MpMessagesPerSecond { get; set; } = 50;

    /// <summary>WeCom app messages per second across the service; the 30-a-minute per-member limit is enforced by the client.</summary>
    [Range(1, 100_000)]
    public int WeComMessagesPerSecond { get; set; } = 50;

    /// <summary>Messages in flight at once within one send batch.</summary>
    [Range(1, 1_000)]
    public int SendConcurrency { get; set; } = 16;

    /// <summary>Send batches <c>remind run</c> works on at once: one sends while another writes its outcome.</summary>
    [Range(1, 64)]
    public int ParallelBatches { get; set; } = 2;

    /// <summary>Deliveries per send job; one student's deliveries always stay in one job (they are one digest).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>A delivery left in <c>sending</c> this long was abandoned (crash, kill) and may be claimed again.</summary>
    [Range(0, 86_400)]
    public int ReclaimAfterSeconds { get; set; } = 120;

    /// <summary>
    /// Lifetime of a sender's lease on its claim, renewed while it sends: a claim whose lease is gone was abandoned. Also
    /// how long, with Redis, a killed sender's rows wait before another instance takes them over.
    /// </summary>
    [Range(3, 3_600)]
    public int ClaimLeaseSeconds { get; set; } = 30;

    /// <summary>
    /// How long re-sending an abandoned MP delivery with the same <c>client_msg_id</c> is safe: WeChat deduplicates it
    /// for 10 minutes; we stop a little short. Older abandoned deliveries become <c>uncertain</c> instead.
    /// </summary>
    [Range(0, 600)]
    public int MpDedupeWindowSeconds { get; set; } = 540;

    /// <summary>WeCom <c>duplicate_check_interval</c> sent with every reminder (max 4 h); abandoned WeCom deliveries are re-sent within it.</summary>
    [Range(0, 14_400)]
    public int WeComDedupeWindowSeconds { get; set; } = 1_800;

    /// <summary>Cron of the per-school planner, in the school's time zone. Minute 5: WeCom asks senders to avoid :00 and :30.</summary>
    [Required]
    public string PlannerCron { get; set; } = "5 * * * *";

    /// <summary>Run the Hangfire server in this process (off for hosts that only serve the API, and in most tests).</summary>
    public bool Server { get; set; } = true;

    /// <summary>Hangfire workers; sending is I/O-bound but the records store (SQLite) has one writer.</summary>
    [Range(1, 100)]
    public int Workers { get; set; } = 4;

    /// <summary>Link of the WeCom card (it requires one) and of MP templates; empty: no link on templates, the school's system on cards.</summary>
    [Url]
    public string? LinkUrl { get; set; }

    /// <summary>A planned delivery not sent this many days after its day is skipped as expired rather than sent late.</summary>
    [Range(0, 365)]
    public int ExpireAfterDays { get; set; } = 2;

    public IReadOnlyList<int> EffectiveBackoffSeconds => BackoffSeconds is { Count: > 0 } b ? b : [60, 300, 900, 3_600];

    public TimeSpan Backoff(int attempt)
    {
        var steps = EffectiveBackoffSeconds;
        return TimeSpan.FromSeconds(steps[Math.Clamp(attempt - 1, 0, steps.Count - 1)]);
    }

    public QuietHours QuietHours => new(ParseTime(QuietHoursStart), ParseTime(QuietHoursEnd));

    internal static TimeOnly ParseTime(string value) =>
        TimeOnly.ParseExact(value, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture);
}

/// <summary>Checks what data annotations cannot: times, the cron expression, positive back-off steps.</summary>
public sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, value) in new[] { ("QuietHoursStart", options.QuietHoursStart), ("QuietHoursEnd", options.QuietHoursEnd) })
        {
            if (!TimeOnly.TryParseExact(value, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                failures.Add($"Reminders:{key} must be a time like 22:00, not '{value}'.");
        }
        if (options.BackoffSeconds is { } steps && steps.Any(s => s <= 0))
            failures.Add("Reminders:BackoffSeconds must all be positive.");
        if (options.PlannerCron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not (5 or 6))
            failures.Add($"Reminders:PlannerCron must be a cron expression, not '{options.PlannerCron}'.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
