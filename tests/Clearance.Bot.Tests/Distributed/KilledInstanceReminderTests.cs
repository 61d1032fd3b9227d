using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Clearance.Bot.Reminders;
using Clearance.Bot.Tests.Reminders;
using Clearance.Integrations.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// Issue 13 item 8: an instance killed with SIGKILL in the middle of a reminder fan-out, in distributed mode (records
/// in PostgreSQL, claim leases in Redis). The killed instance is the built bot as a child process running
/// <c>remind run</c>; the platform (the fake, in this process) stops answering after a number of messages, so the kill
/// always lands with some deliveries recorded as sent, some claimed and in flight, and some not yet claimed. The
/// survivor — an instance in this process on the same PostgreSQL and Redis — then finishes the day.
/// <para>
/// Counted on the raw requests the fake received, not on what it de-duplicates: a delivery recorded as sent is never
/// requested again; one not yet claimed is requested once; one the dead instance had claimed is requested once by
/// the survivor, after the dead instance's lease has expired, and carries the same <c>client_msg_id</c> as the dead
/// instance's request if there was one. That second request cannot be avoided — nobody can know whether a request in
/// flight at a SIGKILL reached the platform — and it is exactly what the platform's de-duplication by
/// <c>client_msg_id</c> exists for: every student sees one message.
/// </para>
/// </summary>
public sealed class KilledInstanceReminderTests
{
    private static readonly DateOnly Day = new(2026, 6, 25);
    private const string TemplatePath = "/cgi-bin/message/template/send";

    [ServiceFact(Needs.Redis | Needs.Postgres)]
    public async Task ASurvivorFinishesTheFanOutOfAnInstanceKilledMidwayEachDeliveryRequestedOnceByEachSender()
    {
        var postgres = TestServices.FreshPostgresDatabase("clearance_kill_")
            ?? throw new InvalidOperationException($"{TestServices.PostgresVariable} is required for this test.");
        var shared = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = TestServices.Redis,
            ["Redis:KeyPrefix"] = $"kill-{Guid.NewGuid():N}:",
            ["Storage:Provider"] = "postgres",
            ["IdDigits:Key"] = TestServices.IdDigitsKey,
            ["Storage:ConnectionString"] = postgres,
            // Both instances run on the real clock (the child cannot share the test's): no quiet hours for this day.
            ["Reminders:QuietHoursStart"] = "00:00",
            ["Reminders:QuietHoursEnd"] = "00:00",
            // Small batches, one at a time: several are recorded before the kill, one is in flight, the rest wait.
            ["Reminders:BatchSize"] = "10",
            ["Reminders:ParallelBatches"] = "1",
            ["Reminders:SendConcurrency"] = "4",
            // The shortest lease: how long the survivor must leave the dead instance's claim alone.
            ["Reminders:ClaimLeaseSeconds"] = "3",
        };
        try
        {
            await using var survivor = await ReminderTestHost.StartAsync(DateTimeOffset.UtcNow, shared);
            var ids = Enumerable.Range(1, 40).Select(i => $"X{i:D2}").ToArray();
            // Half with a pending office too: their two reminders go as one digest, one message for two deliveries.
            await survivor.AddStudentsAsync([.. ids.Select((id, i) => new TestStudent(id, Pending: i % 2 == 0 ? ["library"] : []))]);
            foreach (var id in ids) await survivor.SubscribeAsync(id);
            survivor.Api.StallAfter = 15;

            var childOutput = new ConcurrentQueue<string>();
            using (var doomed = StartRemindRun(survivor.Api.BaseUrl, shared, childOutput))
            {
                // The stall, or the child ending without reaching it (a start-up failure), whichever comes first.
                await Task.WhenAny(survivor.Api.Stalled.Task, doomed.WaitForExitAsync()).WaitAsync(Poll.DefaultTimeout);
                Assert.True(survivor.Api.Stalled.Task.IsCompleted, "remind run ended before the platform stalled:\n" + string.Join('\n', childOutput));
                doomed.Kill(); // SIGKILL on Linux: no handler runs, no lease is released, nothing is recorded.
                await doomed.WaitForExitAsync();
            }
            var atKill = (await survivor.DeliveriesAsync()).ToDictionary(d => d.Id);
            var requestsBeforeKill = TemplateRequests(survivor.Api);
            Assert.Equal(60, atKill.Count);
            // Mid-way: some recorded, some claimed by the dead instance, some never claimed.
            Assert.Contains(atKill.Values, d => d.Status == DeliveryStatus.Sent);
            Assert.Contains(atKill.Values, d => d.Status == DeliveryStatus.Sending);
            Assert.Contains(atKill.Values, d => d.Status == DeliveryStatus.Planned);
            Assert.All(requestsBeforeKill.GroupBy(r => r.To), g => Assert.Single(g));

            survivor.Api.StallAfter = null;
            var runner = survivor.Services.GetRequiredService<ReminderRunner>();
            await Poll.UntilAsync(async () =>
            {
                await runner.RunDayAsync("cqu", Day, CancellationToken.None);
                return (await survivor.DeliveriesAsync()).All(d => d.Status == DeliveryStatus.Sent);
            }, "every delivery sent", async () => string.Join(", ", (await survivor.DeliveriesAsync()).GroupBy(d => d.Status).Select(g => $"{g.Key} {g.Count()}")));

            var final = await survivor.DeliveriesAsync();
            var requests = TemplateRequests(survivor.Api);
            var afterKill = requests.Skip(requestsBeforeKill.Count).ToList();
            Assert.Equal(60, final.Count);
            Assert.All(final, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
            Assert.All(ids, id => Assert.Equal(1, survivor.Api.DeliveredTo["o-" + id]));
            foreach (var student in final.GroupBy(d => d.StudentId))
            {
                var to = "o-" + student.Key;
                var sentBeforeKill = student.All(d => atKill[d.Id].Status == DeliveryStatus.Sent);
                // The survivor requests what was not recorded as sent, once; never what was.
                Assert.Equal(sentBeforeKill ? 0 : 1, afterKill.Count(r => r.To == to));
                // Every request for a student, from either instance, is the one message under one key.
                var key = Assert.Single(student.Select(d => d.MessageKey).Distinct());
                Assert.All(requests.Where(r => r.To == to), r => Assert.Equal(key, r.ClientMsgId));
            }
            // The only repeats are the dead instance's unrecorded requests, at most what one batch holds.
            var repeated = requests.Count - ids.Length;
            Assert.Equal(requestsBeforeKill.Count(r => final.Any(d => "o-" + d.StudentId == r.To && atKill[d.Id].Status != DeliveryStatus.Sent)), repeated);
            Assert.InRange(repeated, 0, 10);
        }
        finally
        {
            await TestServices.DropPostgresDatabaseAsync(postgres);
        }
    }

    private sealed record TemplateRequest(string To, string ClientMsgId);

    /// <summary>Every template-message request the fake received, in order, duplicates included.</summary>
    private static List<TemplateRequest> TemplateRequests(FakeWeChatApi api) =>
    [
        .. api.Posts.Where(p => p.Path == TemplatePath).Select(p =>
        {
            var json = JsonDocument.Parse(p.Body).RootElement;
            return new TemplateRequest(json.GetProperty("touser").GetString()!, json.GetProperty("client_msg_id").GetString()!);
        }),
    ];

    /// <summary>The built bot as a process of its own, on the survivor's records and Redis, sending to the same fake.</summary>
    private static Process StartRemindRun(string apiBaseUrl, IReadOnlyDictionary<string, string?> shared, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Clearance.Bot.dll"), "remind", "run", "--school", "cqu", "--date", Day.ToString("yyyy-MM-dd") })
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in ReminderTestHost.Settings(apiBaseUrl).Concat(shared))
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start remind run");
        // Drained so the child never blocks on a full pipe before the kill; kept to explain a child that failed.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
