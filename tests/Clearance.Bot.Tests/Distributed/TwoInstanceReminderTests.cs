using Clearance.Bot.Reminders;
using Clearance.Bot.Tests.Reminders;
using Clearance.Integrations.Records;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Distributed;

public sealed class TwoInstanceReminderTests
{
    private static readonly DateTimeOffset WindowOpensMorning = new(2026, 6, 25, 2, 0, 0, TimeSpan.Zero);

    [ServiceFact(Needs.Redis | Needs.Postgres)]
    public async Task ARunStartedOnBothInstancesSendsEachDeliveryOnce()
    {
        var (postgres, shared) = SharedRecordsAndState();
        try
        {
            await using var first = await ReminderTestHost.StartAsync(WindowOpensMorning, shared);
            var students = Enumerable.Range(1, 40).Select(i => new TestStudent($"S{i:00}", Pending: ["library"])).ToArray();
            await first.AddStudentsAsync(students);
            foreach (var student in students) await first.SubscribeAsync(student.Id);

            var second = await StartBesideAsync(first, shared);
            await using (second)
            {
                var runs = await Task.WhenAll(
                    first.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25"),
                    second.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25"));

                Assert.All(runs, run => Assert.StartsWith("exit 0", run));
                Assert.Equal(students.Length, first.Api.DeliveredTotal);
                Assert.All(students, s => Assert.Equal(1, first.Api.DeliveredTo[$"o-{s.Id}"]));
                // Not one request more than messages: the second instance never sent what the first had claimed.
                Assert.Equal(students.Length, first.Api.Requests);
                Assert.Equal(0, second.Api.Requests);
                Assert.All(await first.DeliveriesAsync(), d => Assert.Equal(Clearance.Integrations.Records.DeliveryStatus.Sent, d.Status));
            }
        }
        finally
        {
            await TestServices.DropPostgresDatabaseAsync(postgres);
        }
    }

    [ServiceFact(Needs.Redis | Needs.Postgres)]
    public async Task HangfireJobsOnSharedRedisStorageRunOnBothServersAndSendEachDeliveryOnce()
    {
        var (postgres, shared) = SharedRecordsAndState();
        shared = new Dictionary<string, string?>(shared)
        {
            // A Hangfire server in each host, both on the one Redis job storage.
            ["Reminders:Server"] = "true",
            // Small batches, so the planner enqueues many send jobs for the two servers' workers to share.
            ["Reminders:BatchSize"] = "4",
            ["Reminders:Workers"] = "2",
            // Hangfire's Redis storage calls Redis synchronously; on a loaded two-core CI machine two servers' workers
            // starved the thread pool past the 1 s default (a Trigger timed out taking its lock). Timeouts are not
            // what this test is about.
            ["Redis:TimeoutMilliseconds"] = "5000",
        };
        try
        {
            await using var first = await ReminderTestHost.StartAsync(WindowOpensMorning, shared);
            var students = Enumerable.Range(1, 24).Select(i => new TestStudent($"H{i:00}", Pending: ["library"])).ToArray();
            await first.AddStudentsAsync(students);
            foreach (var student in students) await first.SubscribeAsync(student.Id);
            // One clock for both, as NTP gives real instances: the test is about sharing jobs, not about skew (rows
            // planned outside the quiet hours carry no not-before, so a sender a little behind still claims them).
            var second = await StartBesideAsync(first, shared, first.Clock);
            await using (second)
            {
                var firstStorage = first.Services.GetRequiredService<JobStorage>();
                var secondStorage = second.Services.GetRequiredService<JobStorage>();
                Assert.NotSame(firstStorage, secondStorage);

                // What one host registers, the other reads from the shared storage.
                var probe = "probe-" + Guid.NewGuid().ToString("N");
                first.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate(probe, () => Console.WriteLine("probe"), Cron.Never());
                using (var connection = secondStorage.GetConnection())
                    Assert.Contains(connection.GetRecurringJobs(), j => j.Id == probe);
                second.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(probe);
                using (var connection = firstStorage.GetConnection())
                    Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id == probe);

                // Both servers announce themselves on the shared storage.
                var monitoring = firstStorage.GetMonitoringApi();
                await Until(() => monitoring.Servers().Count == 2, "both Hangfire servers registered");
                await Until(() => { using var c = secondStorage.GetConnection(); return c.GetRecurringJobs().Any(j => j.Id == ReminderJobs.RecurringId("cqu")); },
                    "the cqu planner registered");

                // The planner triggered on both hosts at once: two planner runs, each enqueuing every ready batch.
                var id = ReminderJobs.RecurringId("cqu");
                await Task.WhenAll(
                    Task.Run(() => first.Services.GetRequiredService<IRecurringJobManager>().Trigger(id)),
                    Task.Run(() => second.Services.GetRequiredService<IRecurringJobManager>().Trigger(id)));
                await Until(async () => (await first.DeliveriesAsync()) is { Count: > 0 } rows && rows.All(d => d.Status == DeliveryStatus.Sent),
                    "every delivery sent", async () => Describe(await first.DeliveriesAsync(), monitoring));
                await Until(() => monitoring.EnqueuedCount("default") == 0 && monitoring.ProcessingCount() == 0, "no job left enqueued or running");

                Assert.True(monitoring.SucceededListCount() >= 2 + students.Length / 4, $"{monitoring.SucceededListCount()} jobs succeeded");
                Assert.Equal(students.Length, first.Api.DeliveredTotal);
                Assert.All(students, s => Assert.Equal(1, first.Api.DeliveredTo[$"o-{s.Id}"]));
                // Not one request more than messages: overlapping send jobs claimed each delivery once.
                Assert.Equal(students.Length, first.Api.Requests);
                Assert.Equal(0, second.Api.Requests);
            }
        }
        finally
        {
            await TestServices.DropPostgresDatabaseAsync(postgres);
        }
    }

    /// <summary>A fresh PostgreSQL database and a Redis key prefix of the test's own: what two instances share.</summary>
    private static (string Postgres, Dictionary<string, string?> Settings) SharedRecordsAndState()
    {
        var postgres = TestServices.FreshPostgresDatabase("clearance_dist_")
            ?? throw new InvalidOperationException($"{TestServices.PostgresVariable} is required for this test.");
        return (postgres, new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = TestServices.Redis,
            ["Redis:KeyPrefix"] = $"test-{Guid.NewGuid():N}:",
            ["Storage:Provider"] = "postgres",
            ["IdDigits:Key"] = TestServices.IdDigitsKey,
            ["Storage:ConnectionString"] = postgres,
        });
    }

    /// <summary>
    /// The second instance, sending to the first one's fake platform so that every request of both is counted in one
    /// place.
    /// </summary>
    private static Task<ReminderTestHost> StartBesideAsync(ReminderTestHost first, Dictionary<string, string?> shared, ShiftedClock? clock = null) =>
        ReminderTestHost.StartAsync(WindowOpensMorning, new Dictionary<string, string?>(shared)
        {
            ["WeChat:ApiBaseUrl"] = first.Api.BaseUrl,
            ["WeCom:ApiBaseUrl"] = first.Api.BaseUrl,
        }, clock: clock);

    private static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    private static async Task Until(Func<Task<bool>> condition, string what, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}" + (state is null ? "" : "; " + await state()));
            await Task.Delay(100);
        }
    }

    private static string Describe(List<ReminderDelivery> rows, Hangfire.Storage.IMonitoringApi monitoring)
    {
        var statuses = string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}"));
        var failed = monitoring.FailedJobs(0, 3).Select(j => j.Value.ExceptionType + ": " + j.Value.ExceptionMessage);
        var scheduled = monitoring.ScheduledJobs(0, 3).Select(j => j.Value.Job?.Method.Name + " at " + j.Value.EnqueueAt.ToString("O"));
        return $"deliveries: {statuses}; jobs: {monitoring.EnqueuedCount("default")} enqueued, {monitoring.ProcessingCount()} processing, "
            + $"{monitoring.ScheduledCount()} scheduled [{string.Join("; ", scheduled)}], {monitoring.FailedCount()} failed [{string.Join("; ", failed)}], "
            + $"{monitoring.SucceededListCount()} succeeded";
    }
}
