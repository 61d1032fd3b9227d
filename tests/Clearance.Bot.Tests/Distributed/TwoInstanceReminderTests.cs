using Clearance.Bot.Tests.Reminders;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// A fact that needs Redis and PostgreSQL together: two instances only share deliveries through one records database.
/// Skips where either is missing, fails instead under <c>CLEARANCE_REQUIRE_SERVICES=1</c> (CI).
/// </summary>
public sealed class RedisAndPostgresFactAttribute : FactAttribute
{
    public RedisAndPostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(DistributedServices.RequireVariable) == "1") return;
        if (DistributedServices.SkipReason is { } reason) Skip = reason;
        else if (Environment.GetEnvironmentVariable(DistributedServices.PostgresVariable) is not { Length: > 0 })
            Skip = $"{DistributedServices.PostgresVariable} is not set";
    }
}

public sealed class TwoInstanceReminderTests
{
    private static readonly DateTimeOffset WindowOpensMorning = new(2026, 6, 25, 2, 0, 0, TimeSpan.Zero);

    [RedisAndPostgresFact]
    public async Task ARunStartedOnBothInstancesSendsEachDeliveryOnce()
    {
        var postgres = DistributedServices.FreshPostgresDatabase()
            ?? throw new InvalidOperationException($"{DistributedServices.PostgresVariable} is required for this test.");
        var shared = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = DistributedServices.Redis,
            ["Redis:KeyPrefix"] = $"test-{Guid.NewGuid():N}:",
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = postgres,
        };
        try
        {
            await using var first = await ReminderTestHost.StartAsync(WindowOpensMorning, shared);
            var students = Enumerable.Range(1, 40).Select(i => new TestStudent($"S{i:00}", Pending: ["library"])).ToArray();
            await first.AddStudentsAsync(students);
            foreach (var student in students) await first.SubscribeAsync(student.Id);

            // The second instance sends to the same fake platform, so every request of both is counted in one place.
            var second = await ReminderTestHost.StartAsync(WindowOpensMorning, new Dictionary<string, string?>(shared)
            {
                ["WeChat:ApiBaseUrl"] = first.Api.BaseUrl,
                ["WeCom:ApiBaseUrl"] = first.Api.BaseUrl,
            });
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
            await DistributedServices.DropPostgresDatabaseAsync(postgres);
        }
    }
}
