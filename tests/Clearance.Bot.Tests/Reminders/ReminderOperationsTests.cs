using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearance.Bot.Conversation;
using Clearance.Bot.Reminders;
using Clearance.Bot.Tests.Staff;
using Clearance.Integrations.Records;
using Clearance.Integrations.WeChat;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Reminders;

/// <summary>Subscriptions as conversations, the staff API, the dashboard's door and the Hangfire schedule.</summary>
public sealed class ReminderOperationsTests
{
    private static readonly DateTimeOffset WindowOpensMorning = new(2026, 6, 25, 2, 0, 0, TimeSpan.Zero);

    private static Activity Mp(string user, string? text = null, ActivityKind kind = ActivityKind.Message, string? key = null) => new()
    {
        Channel = Channel.Mp,
        Account = "demo",
        School = "cqu",
        UserId = user,
        Text = text,
        Kind = kind,
        EventKey = key,
        Timestamp = WindowOpensMorning,
    };

    [Fact]
    public async Task StudentsSubscribeAndUnsubscribeByMessageAndMenu()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning);
        await host.AddStudentsAsync(new TestStudent("A"));
        var pipeline = host.Services.GetRequiredService<ConversationPipeline>();
        var store = host.Services.GetRequiredService<ReminderStore>();
        async Task<Reply> Send(string text) => await pipeline.RunAsync(Mp("o-A", text), CancellationToken.None);

        var unbound = await Send("订阅提醒");
        Assert.Equal("bind-required", unbound.Intent);
        Assert.Contains("绑定", unbound.Text);

        await host.Services.GetRequiredService<BindingStore>().BindConversationAsync("mp:demo:o-A", "cqu", "A", CancellationToken.None);
        var subscribed = await Send("订阅提醒");
        Assert.Equal("remind-subscribe", subscribed.Intent);
        Assert.Contains("✓ 还贷提醒", subscribed.Text);
        var set = await store.GetSubscriptionsAsync("cqu", "A", CancellationToken.None);
        Assert.True(set.Wants(ReminderKinds.CardStop));
        Assert.Equal(new ReminderAddress("mp", "demo", "o-A"), set.Address);

        var cardOff = await Send("退订校园卡提醒");
        Assert.Contains("× 校园卡提醒", cardOff.Text);
        Assert.Contains("✓ 离校时间提醒", cardOff.Text);
        set = await store.GetSubscriptionsAsync("cqu", "A", CancellationToken.None);
        Assert.False(set.Wants(ReminderKinds.CardExpiry));
        Assert.True(set.Wants(ReminderKinds.WindowOpen));

        var menu = await pipeline.RunAsync(Mp("o-A", kind: ActivityKind.MenuClick, key: MenuKeys.Remind), CancellationToken.None);
        Assert.Equal("remind-settings", menu.Intent);
        Assert.Contains("× 校园卡提醒", menu.Text);

        var none = await Send("退订");
        Assert.Equal("remind-unsubscribe", none.Intent);
        Assert.False((await store.GetSubscriptionsAsync("cqu", "A", CancellationToken.None)).Any);

        Assert.Contains("✓ 还贷提醒", (await Send("订阅还贷提醒")).Text);
        set = await store.GetSubscriptionsAsync("cqu", "A", CancellationToken.None);
        Assert.Equal([ReminderKinds.LoanRepayment], ReminderKinds.Ordered.Where(set.Wants));
    }

    [Fact]
    public async Task TheWebPageCannotReceiveReminders()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning);
        await host.AddStudentsAsync(new TestStudent("A"));
        // A web binding belongs to the session (Activity.PersonalKey), not to the userId.
        var web = Mp("u1", "订阅提醒") with { Channel = Channel.Web, Account = "web", WebSessionKey = "s1" };
        await host.Services.GetRequiredService<BindingStore>().BindConversationAsync(web.PersonalKey!, "cqu", "A", CancellationToken.None);

        var reply = await host.Services.GetRequiredService<ConversationPipeline>().RunAsync(web, CancellationToken.None);

        Assert.Equal("remind-unsupported", reply.Intent);
    }

    [Fact]
    public async Task FollowOffersRemindersAndUnfollowStopsEverything()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning);
        await host.AddStudentsAsync(new TestStudent("A"));
        var pipeline = host.Services.GetRequiredService<ConversationPipeline>();
        var records = host.Services.GetRequiredService<BindingStore>();

        var welcome = await pipeline.RunAsync(Mp("o-A", kind: ActivityKind.Subscribe), CancellationToken.None);
        Assert.Contains("订阅提醒", welcome.Text);

        await records.BindConversationAsync("mp:demo:o-A", "cqu", "A", CancellationToken.None);
        await pipeline.RunAsync(Mp("o-A", "订阅提醒"), CancellationToken.None);
        await pipeline.RunAsync(Mp("o-A", kind: ActivityKind.Unsubscribe), CancellationToken.None);

        Assert.False((await host.Services.GetRequiredService<ReminderStore>().GetSubscriptionsAsync("cqu", "A", CancellationToken.None)).Any);
        Assert.Null(await records.FindBindingAsync("mp:demo:o-A", CancellationToken.None));
        var output = await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");
        Assert.Contains("due 0, planned 0, sent 0", output);
    }

    [Fact]
    public async Task RowsPlannedOutsideTheQuietHoursAreReadyForASenderWhoseClockRunsBehind()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning);
        await host.AddStudentsAsync(new TestStudent("A", Pending: ["library"]));
        await host.SubscribeAsync("A");
        var runner = host.Services.GetRequiredService<ReminderRunner>();
        var day = new DateOnly(2026, 6, 25);

        await runner.PlanAsync("cqu", day, CancellationToken.None);
        // Another instance's clock, five seconds behind the planner's.
        host.Clock.Advance(TimeSpan.FromSeconds(-5));
        var (send, _, _) = await runner.SendDayAsync("cqu", day, CancellationToken.None);

        var rows = await host.DeliveriesAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, d => Assert.Null(d.NotBefore));
        Assert.Equal(rows.Count, send.Claimed);
        Assert.All(rows, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
    }

    [Fact]
    public async Task DeliveriesApiNeedsAKeyOfThatSchoolAndAnswersProblemDetails()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning);
        await host.AddStudentsAsync(new TestStudent("A"), new TestStudent("B"));
        await host.SubscribeAsync("A");
        await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");
        var client = host.Factory.CreateClient();
        async Task<HttpResponseMessage> Get(string query, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reminders/deliveries" + query);
            if (key is not null) request.Headers.Add("X-Api-Key", key);
            return await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("?school=cqu", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("?school=cqu", "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get("?school=cqu", ReminderTestHost.OtherSchoolKey)).StatusCode);
        var bad = await Get("?school=cqu&status=lost", ReminderTestHost.AdminKey);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get("", ReminderTestHost.AdminKey)).StatusCode);

        var ok = await Get("?school=cqu&status=sent", ReminderTestHost.OfficeKey);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("counts").GetProperty("sent").GetInt32());
        var item = Assert.Single(body.GetProperty("items").EnumerateArray());
        // Masked for an office key (a one-letter id masks whole); AnOfficeKeySeesDeliveriesWithMaskedStudentIds… has a real one.
        Assert.Equal("*", item.GetProperty("studentId").GetString());
        Assert.Equal("window-open", item.GetProperty("kind").GetString());
        Assert.Equal("sent", item.GetProperty("status").GetString());
        Assert.Equal("mp", item.GetProperty("channel").GetString());
        Assert.False(item.TryGetProperty("userId", out _));
    }

    [Fact]
    public async Task AnOfficeKeySeesDeliveriesWithMaskedStudentIdsAndAnAdministratorSeesThemWhole()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning);
        await host.AddStudentsAsync(new TestStudent("20181234"));
        await host.SubscribeAsync("20181234");
        await host.RunCliAsync("remind", "run", "--school", "cqu", "--date", "2026-06-25");
        async Task<string> StudentIdAs(string key)
        {
            using var staff = host.Factory.CreateStaffClient(key);
            var body = await staff.GetFromJsonAsync<JsonElement>("/api/reminders/deliveries?school=cqu");
            return Assert.Single(body.GetProperty("items").EnumerateArray()).GetProperty("studentId").GetString()!;
        }

        Assert.Equal("2018**34", await StudentIdAs(ReminderTestHost.OfficeKey));
        Assert.Equal("20181234", await StudentIdAs(ReminderTestHost.AdminKey));
    }

    [Fact]
    public async Task DashboardOpensOnlyForAnAdministratorKey()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning);
        var client = DashboardBrowser.Create(host.Factory);

        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/hangfire")).StatusCode);
        Assert.Null(await DashboardBrowser.LogInAsync(client, ReminderTestHost.OfficeKey));
        Assert.Null(await DashboardBrowser.LogInAsync(client, ReminderTestHost.OtherSchoolKey + "x"));

        var session = await DashboardBrowser.LogInAsync(client, ReminderTestHost.AdminKey);
        Assert.NotNull(session);
        // The session cookie alone opens it afterwards; the key is not in the cookie.
        Assert.DoesNotContain(ReminderTestHost.AdminKey, session);
        Assert.Equal(HttpStatusCode.OK, (await DashboardBrowser.GetAsync(client, "/hangfire/jobs/enqueued", session)).StatusCode);

        using var staff = host.Factory.CreateStaffClient(ReminderTestHost.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task ASchoolsAdministratorSeesTheDashboardReadOnlyAndAnOperatorCanRunJobs()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning);
        host.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ReminderJobs>(
            ReminderJobs.RecurringId("bjtu"), j => j.PlanAndDispatchAsync("bjtu", CancellationToken.None), Cron.Hourly());
        async Task<string> RecurringPage(string key)
        {
            var client = DashboardBrowser.Create(host.Factory);
            var session = await DashboardBrowser.LogInAsync(client, key);
            Assert.NotNull(session);
            // The session remembers which key opened it.
            var page = await DashboardBrowser.GetAsync(client, "/hangfire/recurring", session);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            return await page.Content.ReadAsStringAsync();
        }

        var school = await RecurringPage(ReminderTestHost.AdminKey);
        var service = await RecurringPage(ReminderTestHost.OperatorKey);

        Assert.Contains(ReminderJobs.RecurringId("bjtu"), school);
        Assert.DoesNotContain("recurring/trigger", school);
        Assert.Contains("recurring/trigger", service);
    }

    [Fact]
    public async Task HangfirePlansEachSchoolInItsTimeZoneAndItsSendJobsDeliver()
    {
        await using var host = await ReminderTestHost.StartAsync(WindowOpensMorning, new Dictionary<string, string?> { ["Reminders:Server"] = "true" });
        await host.AddStudentsAsync(new TestStudent("A", Pending: ["library"]), new TestStudent("B"));
        await host.SubscribeAsync("A");
        await host.SubscribeAsync("B", weComUser: "b-user");

        var storage = host.Services.GetRequiredService<JobStorage>();
        List<Hangfire.Storage.RecurringJobDto> recurring = [];
        // The schedule is registered in the background at start.
        for (var i = 0; i < 100 && !recurring.Any(j => j.Id == ReminderJobs.RecurringId("cqu")); i++)
        {
            if (i > 0) await Task.Delay(100);
            using var connection = storage.GetConnection();
            recurring = connection.GetRecurringJobs();
        }
        var cqu = Assert.Single(recurring, j => j.Id == ReminderJobs.RecurringId("cqu"));
        Assert.Equal("Asia/Shanghai", cqu.TimeZoneId);
        Assert.Equal("5 * * * *", cqu.Cron);

        host.Services.GetRequiredService<IRecurringJobManager>().Trigger(ReminderJobs.RecurringId("cqu"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (host.Api.DeliveredTotal < 2 && DateTime.UtcNow < deadline) await Task.Delay(100);

        Assert.Equal(2, host.Api.DeliveredTotal);
        Assert.Equal(2, host.Api.Requests);
        var deliveries = await host.DeliveriesAsync();
        Assert.Equal(3, deliveries.Count);
        for (var i = 0; i < 50 && (await host.DeliveriesAsync()).Any(d => d.Status != DeliveryStatus.Sent); i++) await Task.Delay(100);
        Assert.All(await host.DeliveriesAsync(), d => Assert.Equal(DeliveryStatus.Sent, d.Status));

        // A second planner run (a retried or duplicated job) finds everything done. Waited for by Hangfire's own
        // record: the planner job succeeded and nothing it might have enqueued is waiting or running.
        var monitor = storage.GetMonitoringApi();
        var succeededBefore = monitor.SucceededListCount();
        host.Services.GetRequiredService<IRecurringJobManager>().Trigger(ReminderJobs.RecurringId("cqu"));
        var idleBy = DateTime.UtcNow.AddSeconds(60);
        while (!(monitor.SucceededListCount() > succeededBefore && monitor.ProcessingCount() == 0
                 && monitor.Queues().Sum(q => q.Length) == 0) && DateTime.UtcNow < idleBy)
            await Task.Delay(100);
        Assert.True(monitor.SucceededListCount() > succeededBefore, "the second planner run never finished");
        Assert.Equal(0, monitor.ProcessingCount());
        Assert.Equal(2, host.Api.Requests);
    }

    [Fact]
    public async Task HostsStartedTogetherInOneProcessKeepTheirOwnJobStorage()
    {
        // Hangfire's fallback storage is process-wide: hosts started side by side used to pick up each other's, and the
        // one disposed first took the other's reminder schedule (and with it the whole host) down.
        using var first = new BotApplication();
        JobStorage firstStorage;
        using (var second = new BotApplication())
        {
            var storages = await Task.WhenAll(
                Task.Run(() => first.Services.GetRequiredService<JobStorage>()),
                Task.Run(() => second.Services.GetRequiredService<JobStorage>()));
            firstStorage = storages[0];
            Assert.NotSame(storages[0], storages[1]);
        }

        first.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate("probe", () => Console.WriteLine("probe"), Cron.Daily());
        using (var connection = firstStorage.GetConnection())
        {
            Assert.Contains(connection.GetRecurringJobs(), j => j.Id == "probe");
            // The planner registers in the background at start.
            for (var i = 0; i < 50 && !connection.GetRecurringJobs().Any(j => j.Id == ReminderJobs.RecurringId("cqu")); i++) await Task.Delay(100);
            Assert.Contains(connection.GetRecurringJobs(), j => j.Id == ReminderJobs.RecurringId("cqu"));
        }
        var health = await first.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}

/// <summary>With <c>Redis:Configuration</c> set, the jobs live in Redis (shared by instances) and still deliver once.</summary>
public sealed class ReminderRedisStorageTests
{
    [ServiceFact(Needs.Redis)]
    public async Task HangfireOnRedisStorageRunsThePlannerAndSendJobs()
    {
        var prefix = $"test:{Guid.NewGuid():N}:";
        await using var host = await ReminderTestHost.StartAsync(new DateTimeOffset(2026, 6, 25, 2, 0, 0, TimeSpan.Zero), new Dictionary<string, string?>
        {
            ["Reminders:Server"] = "true",
            ["Redis:Configuration"] = TestServices.Redis,
            ["Redis:KeyPrefix"] = prefix,
            // Hangfire's Redis storage calls Redis synchronously; on a loaded two-core runner the 1 s default timed
            // out and the job never ran within the test's minute.
            ["Redis:TimeoutMilliseconds"] = "5000",
        });
        await host.AddStudentsAsync(new TestStudent("A", Pending: ["library"]));
        await host.SubscribeAsync("A");

        Assert.IsNotType<Hangfire.InMemory.InMemoryStorage>(host.Services.GetRequiredService<JobStorage>());
        using (var connection = host.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            for (var i = 0; i < 100 && !connection.GetRecurringJobs().Any(j => j.Id == ReminderJobs.RecurringId("cqu")); i++) await Task.Delay(100);
        }
        var recurring = host.Services.GetRequiredService<IRecurringJobManager>();
        recurring.Trigger(ReminderJobs.RecurringId("cqu"));
        recurring.Trigger(ReminderJobs.RecurringId("cqu"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((host.Api.DeliveredTotal < 1 || (await host.DeliveriesAsync()).Any(d => d.Status != DeliveryStatus.Sent)) && DateTime.UtcNow < deadline)
            await Task.Delay(200);

        Assert.Equal(1, host.Api.DeliveredTotal);
        Assert.Equal(1, host.Api.Requests);
        Assert.All(await host.DeliveriesAsync(), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
    }
}
