using Clearance.Bot.Reminders;
using Clearance.Integrations.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Reminders;

/// <summary>
/// Plan → deliveries → sends, end to end against the fake WeChat/WeCom API. The claims, sweeps and outcomes are
/// conditional updates in the records database, so <see cref="SqliteReminderDeliveryTests"/> and
/// <see cref="PostgresReminderDeliveryTests"/> run every case on both.
/// </summary>
public static class ReminderDeliveryContract
{
    /// <summary>10:00 on 2026-06-25 in Chongqing: cqu's clearance window opens today.</summary>
    private static readonly DateTimeOffset WindowOpensMorning = new(2026, 6, 25, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A host with <paramref name="count"/> graduates, each subscribed on the official account.</summary>
    private static async Task<(ReminderTestHost Host, string[] Ids)> SubscribedStudentsAsync(TestRecords records, int count, int sendConcurrency)
    {
        var host = await ReminderTestHost.StartAsync(WindowOpensMorning,
            new Dictionary<string, string?> { ["Reminders:SendConcurrency"] = sendConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) }, records);
        var ids = Enumerable.Range(1, count).Select(i => $"S{i:D2}").ToArray();
        await host.AddStudentsAsync([.. ids.Select(id => new TestStudent(id))]);
        foreach (var id in ids) await host.SubscribeAsync(id);
        return (host, ids);
    }

    /// <summary>Starts the window day's run and returns once the platform took <paramref name="after"/> messages and hangs on the next.</summary>
    private static async Task<Task<RunReport>> StartRunThatStallsAsync(ReminderTestHost host, int after, CancellationToken cancellationToken)
    {
        host.Api.StallAfter = after;
        var run = host.Services.GetRequiredService<ReminderRunner>().RunDayAsync("cqu", new DateOnly(2026, 6, 25), cancellationToken);
        await host.Api.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return run;
    }

    public static async Task RemindRunSendsEachReminderOnceAndASecondRunSendsNothing(TestRecords records)
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning, records: records);
        await host.AddStudentsAsync(
            new TestStudent("A", Pending: ["library"]),
            new TestStudent("B", Degree: "博士"),
            new TestStudent("C", Degree: "本科", Pending: ["library"]),
            new TestStudent("D", Pending: ["library"]),
            new TestStudent("E", Pending: ["dormitory", "campus-card"]),
            new TestStudent("F", Pending: ["finance"]));
        await host.SubscribeAsync("A");
        await host.SubscribeAsync("B");
        await host.SubscribeAsync("C");
        // D never subscribed; E reads WeCom; F turned the window reminders off.
        await host.SubscribeAsync("E", weComUser: "e-user");
        await host.SubscribeAsync("F");
        await host.SubscribeAsync("F", kinds: [ReminderKinds.WindowOpen, ReminderKinds.WindowClosing], subscribed: false);

        var first = await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");

        Assert.StartsWith("exit 0", first);
        Assert.Contains("due 6, planned 6, sent 6 in 4 messages, skipped 0, failed 0", first);
        Assert.Equal(4, host.Api.DeliveredTotal);
        Assert.Equal(new Dictionary<string, int> { ["o-A"] = 1, ["o-B"] = 1, ["e-user"] = 1, ["o-F"] = 1 }, host.Api.DeliveredTo.ToDictionary());
        var toA = host.Api.Messages.Single(m => m.GetProperty("touser").GetString() == "o-A");
        Assert.Equal(ReminderTestHost.DigestTemplate, toA.GetProperty("template_id").GetString());
        var deliveries = await host.DeliveriesAsync();
        var aKeys = deliveries.Where(d => d.StudentId == "A").Select(d => d.MessageKey).Distinct().ToList();
        Assert.Equal(aKeys.Single(), toA.GetProperty("client_msg_id").GetString());
        Assert.Equal("tpl-window", host.Api.Messages.Single(m => m.GetProperty("touser").GetString() == "o-B").GetProperty("template_id").GetString());
        var card = host.Api.Messages.Single(m => m.GetProperty("touser").GetString() == "e-user");
        Assert.Equal("textcard", card.GetProperty("msgtype").GetString());
        Assert.Contains("A区学生六公寓一楼", card.GetProperty("textcard").GetProperty("description").GetString());
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.All(deliveries, d => Assert.Equal(1, d.Attempts));
        // What the bot sent, not what the fake let through: one request per recipient, each carrying the platform's
        // de-duplication (MP client_msg_id = the delivery's key; WeCom enable_duplicate_check) so a re-send is safe.
        Assert.Equal(4, host.Api.MessageRequests.Count);
        foreach (var student in new[] { "A", "B", "F" })
        {
            var request = Assert.Single(host.Api.RequestsTo("o-" + student));
            Assert.Equal(deliveries.First(d => d.StudentId == student).MessageKey, request.GetProperty("client_msg_id").GetString());
        }
        var cardRequest = Assert.Single(host.Api.RequestsTo("e-user"));
        Assert.Equal(1, cardRequest.GetProperty("enable_duplicate_check").GetInt32());
        Assert.True(cardRequest.GetProperty("duplicate_check_interval").GetInt32() > 0);

        var requests = host.Api.Requests;
        var second = await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");

        Assert.Contains("due 6, planned 0, sent 0 in 0 messages", second);
        Assert.Equal(requests, host.Api.Requests);
        Assert.Equal(deliveries.Count, (await host.DeliveriesAsync()).Count);
    }

    public static async Task TemplateDataUsesTheFieldNamesOfTheAccountsTemplates(TestRecords records)
    {
        // A school picked a library template with {{first.DATA}} and {{keyword2.DATA}} and nothing for a hint.
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning, new Dictionary<string, string?>
        {
            ["WeChat:Accounts:demo:TemplateFields:Title"] = "first",
            ["WeChat:Accounts:demo:TemplateFields:Date"] = "keyword2",
            ["WeChat:Accounts:demo:TemplateFields:Hint"] = "",
        }, records);
        await host.AddStudentsAsync(new TestStudent("B", Degree: "博士"));
        await host.SubscribeAsync("B");

        await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");

        var data = Assert.Single(host.Api.Messages).GetProperty("data");
        Assert.Equal(["first", "keyword2"], data.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("2026-06-25", data.GetProperty("keyword2").GetProperty("value").GetString());
        Assert.False(string.IsNullOrWhiteSpace(data.GetProperty("first").GetProperty("value").GetString()));
    }

    public static async Task WithoutATemplateIdTheDeliveryIsSkippedWithTheReason(TestRecords records)
    {
        await using var host = await ReminderTestHost.StartAsync(new DateTimeOffset(2026, 6, 30, 2, 0, 0, TimeSpan.Zero), records: records);
        await host.AddStudentsAsync(new TestStudent("A"));
        await host.SubscribeAsync("A");

        var output = await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-30");

        Assert.Contains("sent 0 in 0 messages, skipped 1", output);
        var delivery = Assert.Single(await host.DeliveriesAsync());
        Assert.Equal(ReminderKinds.WindowClosing, delivery.Kind);
        Assert.Equal(DeliveryStatus.Skipped, delivery.Status);
        Assert.Contains("no template id for window-closing", delivery.Detail);
        Assert.Equal(0, host.Api.Requests);
    }

    public static async Task PermanentErrorsFailAtOnceTransientOnesBackOffThenDeadLetter(TestRecords records)
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning, new Dictionary<string, string?>
        {
            ["Reminders:MaxAttempts"] = "2",
            ["Reminders:BackoffSeconds:0"] = "60",
        }, records);
        await host.AddStudentsAsync(new TestStudent("gone"), new TestStudent("refused"), new TestStudent("bad"), new TestStudent("busy"), new TestStudent("ok"));
        foreach (var id in new[] { "gone", "refused", "bad", "busy", "ok" }) await host.SubscribeAsync(id);
        host.Api.ErrorFor = to => to switch
        {
            "o-gone" => 43004,
            "o-refused" => 43101,
            "o-bad" => 40003,
            "o-busy" => 45009,
            _ => null,
        };

        var first = await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");

        Assert.Contains("sent 1 in 5 messages, skipped 0, failed 3, dead-lettered 0, retrying 1", first);
        var byStudent = (await host.DeliveriesAsync()).ToDictionary(d => d.StudentId);
        Assert.Equal(("43004", DeliveryStatus.Failed), (byStudent["gone"].LastErrorCode, byStudent["gone"].Status));
        Assert.Equal(("43101", DeliveryStatus.Failed), (byStudent["refused"].LastErrorCode, byStudent["refused"].Status));
        Assert.Equal(("40003", DeliveryStatus.Failed), (byStudent["bad"].LastErrorCode, byStudent["bad"].Status));
        Assert.Equal(DeliveryStatus.Planned, byStudent["busy"].Status);
        Assert.InRange(byStudent["busy"].NotBefore!.Value, WindowOpensMorning.AddSeconds(60), WindowOpensMorning.AddSeconds(90));

        // Before the back-off ends nothing is tried again; after it, the second attempt is the last.
        Assert.Contains("sent 0 in 0 messages, skipped 0, failed 0, dead-lettered 0, retrying 0", await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25"));
        host.Clock.Advance(TimeSpan.FromSeconds(90));
        var third = await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");

        Assert.Contains("failed 0, dead-lettered 1", third);
        var busy = (await host.DeliveriesAsync()).Single(d => d.StudentId == "busy");
        Assert.Equal((DeliveryStatus.DeadLettered, 2, "45009"), (busy.Status, busy.Attempts, busy.LastErrorCode));
        // Six requests in all: five first attempts and one retry; permanent failures were never repeated.
        Assert.Equal(6, host.Api.Requests);
    }

    public static async Task NothingIsSentInTheQuietHoursItWaitsForEight(TestRecords records)
    {
        // 2026-06-24T16:30Z is 00:30 on 06-25 in Chongqing: the planner's day is the 25th, the hour is quiet.
        await using var host = await ReminderTestHost.StartAsync(new DateTimeOffset(2026, 6, 24, 16, 30, 0, TimeSpan.Zero), records: records);
        await host.AddStudentsAsync(new TestStudent("A"), new TestStudent("B"));
        await host.SubscribeAsync("A");
        await host.SubscribeAsync("B");
        var runner = host.Services.GetRequiredService<ReminderRunner>();
        Assert.Equal(new DateOnly(2026, 6, 25), runner.Today("cqu"));

        var night = await host.RunCliAsync("remind", "run", "--school", "cqu");

        Assert.Contains("cqu 2026-06-25: due 2, planned 2, sent 0", night);
        Assert.Equal(0, host.Api.Requests);
        var eight = new DateTimeOffset(2026, 6, 25, 8, 0, 0, TimeSpan.FromHours(8));
        Assert.All(await host.DeliveriesAsync(), d => Assert.Equal(eight, d.NotBefore));

        host.Clock.SetUtcNow(eight.AddSeconds(-30));
        Assert.Contains("sent 0", await host.RunCliAsync("remind", "run", "--school", "cqu"));
        Assert.Equal(0, host.Api.Requests);
        host.Clock.SetUtcNow(eight);
        Assert.Contains("sent 2 in 2 messages", await host.RunCliAsync("remind", "run", "--school", "cqu"));
    }

    public static async Task ARunCutOffMidwayIsCompletedByTheNextWithNothingTwiceAndNothingLost(TestRecords records)
    {
        var (host, ids) = await SubscribedStudentsAsync(records, 30, sendConcurrency: 4);
        await using var _ = host;
        var runner = host.Services.GetRequiredService<ReminderRunner>();

        using var crash = new CancellationTokenSource();
        var run = await StartRunThatStallsAsync(host, after: 10, crash.Token);
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var afterCrash = await host.DeliveriesAsync();
        Assert.Equal(30, afterCrash.Count);
        Assert.Contains(afterCrash, d => d.Status == DeliveryStatus.Sending);
        Assert.True(host.Api.DeliveredTotal > 10);

        host.Api.StallAfter = null;
        var report = await runner.RunDayAsync("cqu", new DateOnly(2026, 6, 25), CancellationToken.None);

        Assert.Equal(0, report.Plan.Planned);
        Assert.All(await host.DeliveriesAsync(), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Equal(30, host.Api.DeliveredTotal);
        Assert.All(ids, id => Assert.Equal(1, host.Api.DeliveredTo["o-" + id]));
        // Seen once only because every re-send of a delivery the crash abandoned repeats its client_msg_id, which is
        // what the platform de-duplicates on (the fake does the same; the requests show what the bot relied on).
        Assert.All(ids, id => Assert.Single(host.Api.RequestsTo("o-" + id).Select(r => r.GetProperty("client_msg_id").GetString()).Distinct()));
    }

    public static async Task ASecondRunLeavesTheDeliveriesAnotherLiveRunIsSendingAlone(TestRecords records)
    {
        var (host, ids) = await SubscribedStudentsAsync(records, 6, sendConcurrency: 1);
        await using var _ = host;
        var runner = host.Services.GetRequiredService<ReminderRunner>();
        using var stop = new CancellationTokenSource();
        var busy = await StartRunThatStallsAsync(host, after: 2, stop.Token);
        host.Api.StallAfter = null;
        var requests = host.Api.Requests;

        // The first run is alive (waiting on the platform), so its rows are not abandoned however old their claim is.
        var meanwhile = await runner.RunDayAsync("cqu", new DateOnly(2026, 6, 25), CancellationToken.None);

        Assert.Equal(0, meanwhile.Send.Claimed);
        Assert.Equal(requests, host.Api.Requests);
        Assert.All(await host.DeliveriesAsync(), d => Assert.Equal(DeliveryStatus.Sending, d.Status));

        // Once it is gone its lease goes with it, and the next run completes the rest: each student once.
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => busy);
        var after = await runner.RunDayAsync("cqu", new DateOnly(2026, 6, 25), CancellationToken.None);

        Assert.Equal(6, after.Send.Claimed);
        Assert.All(await host.DeliveriesAsync(), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.All(ids, id => Assert.Equal(1, host.Api.DeliveredTo["o-" + id]));
    }

    public static async Task TheSendRateStaysUnderThePlatformsLimitAndEveryoneGetsOneMessage(TestRecords records)
    {
        // The platform refuses (45011) past 15 requests in a wall-clock second; the bot is set to 10 a second (one per
        // tenth), four senders at once. Without the rate gate the thirty would go out in a burst and be refused.
        var host = await ReminderTestHost.StartAsync(WindowOpensMorning, new Dictionary<string, string?>
        {
            ["Reminders:SendConcurrency"] = "4",
            ["Reminders:MpMessagesPerSecond"] = "10",
        }, records);
        await using var _ = host;
        var ids = Enumerable.Range(1, 30).Select(i => $"R{i:D2}").ToArray();
        await host.AddStudentsAsync([.. ids.Select(id => new TestStudent(id))]);
        foreach (var id in ids) await host.SubscribeAsync(id);
        host.Api.RatePerSecond = 15;

        var report = await host.Services.GetRequiredService<ReminderRunner>().RunDayAsync("cqu", new DateOnly(2026, 6, 25), CancellationToken.None);

        Assert.Equal(0, host.Api.RefusedByRate);
        Assert.All(await host.DeliveriesAsync(), d => Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.Attempts)));
        Assert.Equal(30, host.Api.MessageRequests.Count);
        Assert.All(ids, id => Assert.Single(host.Api.RequestsTo("o-" + id)));
        Assert.Equal(30, report.Send.Claimed);
    }

    public static async Task RemindersTooOldToSendAreSkippedAsExpiredNotSentLate(TestRecords records)
    {
        // Planned on the 25th and never sent (say the sender was down): two days on it may still go, three days on a
        // "window opens today" would mislead, so the sweep skips it with the reason and nothing reaches the platform.
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning, records: records);
        await host.AddStudentsAsync(new TestStudent("late"));
        await host.SubscribeAsync("late");
        var runner = host.Services.GetRequiredService<ReminderRunner>();
        Assert.Equal(1, (await runner.PlanAsync("cqu", new DateOnly(2026, 6, 25), CancellationToken.None)).Planned);

        host.Clock.Advance(TimeSpan.FromDays(2));
        var twoDaysOn = await runner.ReadyAsync("cqu", occurrence: null, TimeSpan.Zero, CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromDays(1));
        var threeDaysOn = await runner.ReadyAsync("cqu", occurrence: null, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal((0, 1), (twoDaysOn.Expired, twoDaysOn.Batches.Sum(b => b.Length)));
        Assert.Equal((1, 0), (threeDaysOn.Expired, threeDaysOn.Batches.Count));
        var row = Assert.Single(await host.DeliveriesAsync());
        Assert.Equal(DeliveryStatus.Skipped, row.Status);
        Assert.Equal("expired: not sent in time", row.Detail);
        Assert.Equal(0, host.Api.Requests);
    }

    public static async Task AbandonedSendsPastTheDedupeWindowAreMarkedUncertainNotResent(TestRecords records)
    {
        var (host, ids) = await SubscribedStudentsAsync(records, 6, sendConcurrency: 1);
        await using var _ = host;
        var runner = host.Services.GetRequiredService<ReminderRunner>();
        using var crash = new CancellationTokenSource();
        var run = await StartRunThatStallsAsync(host, after: 2, crash.Token);
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        host.Api.StallAfter = null;
        var delivered = host.Api.DeliveredTotal;

        // Ten minutes later WeChat no longer recognises the client_msg_id: re-sending could duplicate, so it is not done.
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var report = await runner.RunDayAsync("cqu", new DateOnly(2026, 6, 25), CancellationToken.None);

        var rows = await host.DeliveriesAsync();
        Assert.Equal(6, report.Uncertain);
        Assert.All(rows, d => Assert.Equal(DeliveryStatus.Uncertain, d.Status));
        Assert.Equal(delivered, host.Api.DeliveredTotal);
    }
}

public sealed class SqliteReminderDeliveryTests
{
    [Fact] public Task RemindRunSendsEachReminderOnceAndASecondRunSendsNothing() => ReminderDeliveryContract.RemindRunSendsEachReminderOnceAndASecondRunSendsNothing(TestRecords.Sqlite);
    [Fact] public Task TemplateDataUsesTheFieldNamesOfTheAccountsTemplates() => ReminderDeliveryContract.TemplateDataUsesTheFieldNamesOfTheAccountsTemplates(TestRecords.Sqlite);
    [Fact] public Task WithoutATemplateIdTheDeliveryIsSkippedWithTheReason() => ReminderDeliveryContract.WithoutATemplateIdTheDeliveryIsSkippedWithTheReason(TestRecords.Sqlite);
    [Fact] public Task PermanentErrorsFailAtOnceTransientOnesBackOffThenDeadLetter() => ReminderDeliveryContract.PermanentErrorsFailAtOnceTransientOnesBackOffThenDeadLetter(TestRecords.Sqlite);
    [Fact] public Task NothingIsSentInTheQuietHoursItWaitsForEight() => ReminderDeliveryContract.NothingIsSentInTheQuietHoursItWaitsForEight(TestRecords.Sqlite);
    [Fact] public Task ARunCutOffMidwayIsCompletedByTheNextWithNothingTwiceAndNothingLost() => ReminderDeliveryContract.ARunCutOffMidwayIsCompletedByTheNextWithNothingTwiceAndNothingLost(TestRecords.Sqlite);
    [Fact] public Task ASecondRunLeavesTheDeliveriesAnotherLiveRunIsSendingAlone() => ReminderDeliveryContract.ASecondRunLeavesTheDeliveriesAnotherLiveRunIsSendingAlone(TestRecords.Sqlite);
    [Fact] public Task AbandonedSendsPastTheDedupeWindowAreMarkedUncertainNotResent() => ReminderDeliveryContract.AbandonedSendsPastTheDedupeWindowAreMarkedUncertainNotResent(TestRecords.Sqlite);
    [Fact] public Task TheSendRateStaysUnderThePlatformsLimitAndEveryoneGetsOneMessage() => ReminderDeliveryContract.TheSendRateStaysUnderThePlatformsLimitAndEveryoneGetsOneMessage(TestRecords.Sqlite);
    [Fact] public Task RemindersTooOldToSendAreSkippedAsExpiredNotSentLate() => ReminderDeliveryContract.RemindersTooOldToSendAreSkippedAsExpiredNotSentLate(TestRecords.Sqlite);
}

public sealed class PostgresReminderDeliveryTests
{
    [ServiceFact(Needs.Postgres)] public Task RemindRunSendsEachReminderOnceAndASecondRunSendsNothing() => ReminderDeliveryContract.RemindRunSendsEachReminderOnceAndASecondRunSendsNothing(TestRecords.Postgres);
    [ServiceFact(Needs.Postgres)] public Task TemplateDataUsesTheFieldNamesOfTheAccountsTemplates() => ReminderDeliveryContract.TemplateDataUsesTheFieldNamesOfTheAccountsTemplates(TestRecords.Postgres);
    [ServiceFact(Needs.Postgres)] public Task WithoutATemplateIdTheDeliveryIsSkippedWithTheReason() => ReminderDeliveryContract.WithoutATemplateIdTheDeliveryIsSkippedWithTheReason(TestRecords.Postgres);
    [ServiceFact(Needs.Postgres)] public Task PermanentErrorsFailAtOnceTransientOnesBackOffThenDeadLetter() => ReminderDeliveryContract.PermanentErrorsFailAtOnceTransientOnesBackOffThenDeadLetter(TestRecords.Postgres);
    [ServiceFact(Needs.Postgres)] public Task NothingIsSentInTheQuietHoursItWaitsForEight() => ReminderDeliveryContract.NothingIsSentInTheQuietHoursItWaitsForEight(TestRecords.Postgres);
    [ServiceFact(Needs.Postgres)] public Task ARunCutOffMidwayIsCompletedByTheNextWithNothingTwiceAndNothingLost() => ReminderDeliveryContract.ARunCutOffMidwayIsCompletedByTheNextWithNothingTwiceAndNothingLost(TestRecords.Postgres);
    [ServiceFact(Needs.Postgres)] public Task ASecondRunLeavesTheDeliveriesAnotherLiveRunIsSendingAlone() => ReminderDeliveryContract.ASecondRunLeavesTheDeliveriesAnotherLiveRunIsSendingAlone(TestRecords.Postgres);
    [ServiceFact(Needs.Postgres)] public Task AbandonedSendsPastTheDedupeWindowAreMarkedUncertainNotResent() => ReminderDeliveryContract.AbandonedSendsPastTheDedupeWindowAreMarkedUncertainNotResent(TestRecords.Postgres);
    [ServiceFact(Needs.Postgres)] public Task TheSendRateStaysUnderThePlatformsLimitAndEveryoneGetsOneMessage() => ReminderDeliveryContract.TheSendRateStaysUnderThePlatformsLimitAndEveryoneGetsOneMessage(TestRecords.Postgres);
    [ServiceFact(Needs.Postgres)] public Task RemindersTooOldToSendAreSkippedAsExpiredNotSentLate() => ReminderDeliveryContract.RemindersTooOldToSendAreSkippedAsExpiredNotSentLate(TestRecords.Postgres);
}
