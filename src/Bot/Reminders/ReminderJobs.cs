using Hangfire;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Reminders;

/// <summary>
/// The Hangfire jobs. They take ids (a school, delivery ids), never entities, and are safe to run twice: planning
/// inserts only what is absent, sending claims only what is still planned or abandoned.
/// </summary>
public sealed partial class ReminderJobs(ReminderRunner runner, ReminderSender sender, IBackgroundJobClient jobs, ILogger<ReminderJobs> logger, Metrics.BotMetrics metrics)
{
    public static string RecurringId(string school) => $"reminders-{school}";

    /// <summary>Hourly per school (in its time zone): plan today, then enqueue a send job per ready batch.</summary>
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task PlanAndDispatchAsync(string school, CancellationToken cancellationToken)
    {
        var plan = await runner.PlanAsync(school, runner.Today(school), cancellationToken);
        var (batches, uncertain, expired) = await runner.ReadyAsync(school, null, runner.ReclaimAfter, cancellationToken);
        foreach (var batch in batches)
            jobs.Enqueue<ReminderJobs>(j => j.SendAsync(school, batch, CancellationToken.None));
        LogDispatched(logger, school, plan.Planned, batches.Count, uncertain, expired);
    }

    /// <summary>Sends one batch; what must wait (quiet hours, back-off, no answer) gets a send job at its time.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task SendAsync(string school, long[] deliveryIds, CancellationToken cancellationToken)
    {
        var report = await sender.SendAsync(school, deliveryIds, runner.ReclaimAfter, cancellationToken);
        metrics.Sent(school, report);
        if (report.RetryAt is { } at && report.RetryIds.Count > 0)
        {
            long[] retry = [.. report.RetryIds];
            jobs.Schedule<ReminderJobs>(j => j.SendAsync(school, retry, CancellationToken.None), at);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{School}: {Planned} deliveries planned, {Batches} send jobs enqueued, {Uncertain} uncertain, {Expired} expired")]
    private static partial void LogDispatched(ILogger logger, string school, int planned, int batches, int uncertain, int expired);
}

/// <summary>
/// Registers (or updates) each school's recurring planner at start, in the school's own time zone. In the background:
/// with Redis down at start the host still comes up (answers questions, degraded), and the schedule is registered
/// once Redis answers.
/// </summary>
public sealed partial class ReminderSchedule(
    IRecurringJobManager recurring,
    ReminderRunner runner,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    Startup.StartupReadiness readiness,
    ILogger<ReminderSchedule> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // The schools come from the knowledge base, which loads after the port opens: let that load it, once.
        await readiness.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Register();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Any failure, not only Redis's: an exception escaping a BackgroundService stops the whole host, and
                // the chat must not go down because the reminder planner could not be registered yet.
                LogStorageUnavailable(logger, e, e.GetType().Name, RetryAfter.TotalSeconds);
            }
            await Task.Delay(RetryAfter, time, stoppingToken);
        }
    }

    private void Register()
    {
        foreach (var school in runner.Schools)
        {
            var zone = runner.Profile(school).ResolveTimeZone();
            // Asia/Shanghai, not UTC: "08:05" means the students' morning, and the planner's day is their day.
            recurring.AddOrUpdate<ReminderJobs>(
                ReminderJobs.RecurringId(school),
                j => j.PlanAndDispatchAsync(school, CancellationToken.None),
                options.Value.PlannerCron,
                new RecurringJobOptions { TimeZone = zone });
            LogScheduled(logger, school, options.Value.PlannerCron, zone.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder planner for {School}: '{Cron}' in {TimeZone}")]
    private static partial void LogScheduled(ILogger logger, string school, string cron, string timeZone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job storage unavailable ({Error}); registering the reminder planners again in {Seconds} s")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception, string error, double seconds);
}
