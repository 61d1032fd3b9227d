using System.Net.Http.Json;
using System.Text.Json;
using Clearance.Bot.Cli;
using Clearance.Bot.Tests.ClearanceStatus;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Clearance.Bot.Tests.WebSessions;

/// <summary>
/// Everything personal on the web belongs to the server-issued session cookie, not to the <c>userId</c> a client sends
/// (#17 item 2): a second client repeating the id reaches nothing, and web bindings end with their session.
/// </summary>
public sealed class WebSessionTests(ClearanceApp app) : IClassFixture<ClearanceApp>
{
    [Fact]
    public async Task ASecondClientWithTheSameUserIdAndNoCookieSeesNothingPersonal()
    {
        const string UserId = "alice-web";
        var alice = app.User(UserId, "cumt");
        Assert.Contains("绑定成功", (await alice.Binds("2020010001", "陈一", "111111")).Reply);
        using var otherClient = app.Host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var intruder = new ClearanceStatus.Conversation(otherClient, UserId, "cumt");

        var status = await intruder.Says("我的离校进度");
        Assert.Equal("bind-required", status.Intent);
        Assert.DoesNotContain("陈一", status.Reply);
        Assert.DoesNotContain("2020010001", status.Reply);
        Assert.Equal("bind-required", (await intruder.Says("提交离校")).Intent);
        var reminders = await intruder.Says("提醒设置");
        Assert.Equal("bind-required", reminders.Intent);
        Assert.DoesNotContain("2020010001", reminders.Reply);
        Assert.Contains("当前没有绑定", (await intruder.Says("解绑")).Reply);
        var inbox = await otherClient.GetFromJsonAsync<JsonElement>($"/api/reminders/inbox?school=cumt&userId={UserId}");
        Assert.False(inbox.GetProperty("bound").GetBoolean());

        // Alice, who kept her cookie, kept everything.
        var own = await alice.Says("我的离校进度");
        Assert.Equal("status", own.Intent);
        Assert.Contains("陈一", own.Reply);
        Assert.True((await app.Host.WebUser(UserId).GetFromJsonAsync<JsonElement>("/api/reminders/inbox?school=cumt")).GetProperty("bound").GetBoolean());
    }

    [Fact]
    public async Task ABindingDialogInProgressIsTheSessionsAndNotTheUserIds()
    {
        const string UserId = "half-bound";
        var student = app.User(UserId, "cqu");
        await student.Says("绑定");
        Assert.Contains("姓名", (await student.Says("20181236")).Reply);
        using var otherClient = app.Host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        // The other client's "王五" is no answer to the student's dialog: it never gets to the ID digits question.
        var answer = await new ClearanceStatus.Conversation(otherClient, UserId, "cqu").Says("王五");
        Assert.DoesNotContain("身份证", answer.Reply);
        Assert.Contains("身份证", (await student.Says("王五")).Reply);
    }

    [Fact]
    public async Task FollowUpContextStillFollowsTheUserIdWithoutCookies()
    {
        using var client = app.Host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var user = new ClearanceStatus.Conversation(client, "tool-user", "cqu");
        var first = await user.Says("学生证丢了怎么注销");
        var followUp = await user.Says("电话多少");

        Assert.Equal("knowledge", first.Intent);
        Assert.Equal("knowledge", followUp.Intent);
        Assert.Equal(first.Sources[0].Id, followUp.Sources[0].Id);
    }

    [Fact]
    public async Task TheSessionCookieIsHttpOnlyStrictAndSecureOverHttps()
    {
        using var http = app.Host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var https = app.Host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = new Uri("https://localhost") });

        var plain = await CookieOf(await http.PostAsJsonAsync("/api/chat", new { userId = "c1", school = "cqu", text = "你好" }));
        var secure = await CookieOf(await https.PostAsJsonAsync("/api/chat", new { userId = "c2", school = "cqu", text = "你好" }));

        Assert.Contains("httponly", plain);
        Assert.Contains("samesite=strict", plain);
        Assert.DoesNotContain("secure", plain.Replace("samesite", ""));
        Assert.Contains("; secure", secure);
    }

    private static async Task<string> CookieOf(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsStringAsync();
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(Clearance.Bot.WebSessions.WebSessionStore.CookieName + "=", cookie);
        return cookie.ToLowerInvariant();
    }
}

/// <summary>Web bindings end: idle and absolute limits, on a clock the test moves.</summary>
public sealed class WebSessionExpiryTests
{
    [Fact]
    public async Task AnIdleSessionEndsAndABusyOneEndsAtItsAbsoluteLimit()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero));
        using var host = BotApplication.WithClock(clock, new Dictionary<string, string?>
        {
            ["WebSession:IdleMinutes"] = "30",
            ["WebSession:AbsoluteHours"] = "2",
        });
        var roster = Path.Combine(host.DataDirectory, "roster.csv");
        await File.WriteAllTextAsync(roster, "studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus\n20181234,张三,123456,硕士,正常毕业,A区,false,true\n");
        Assert.Equal(0, await CliDispatcher.RunAsync(host.Services, ["students", "import", "--school", "cqu", roster], new StringWriter(), default));
        var user = new ClearanceStatus.Conversation(host.WebUser("expiring"), "expiring", "cqu");

        Assert.Contains("绑定成功", (await user.Binds("20181234", "张三", "123456")).Reply);
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal("status", (await user.Says("我的离校进度")).Intent);
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal("status", (await user.Says("我的离校进度")).Intent);
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal("bind-required", (await user.Says("我的离校进度")).Intent);

        // Bound again and never idle: still over at two hours.
        Assert.Contains("绑定成功", (await user.Binds("20181234", "张三", "123456")).Reply);
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal("status", (await user.Says("我的离校进度")).Intent);
        }
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("bind-required", (await user.Says("我的离校进度")).Intent);
    }

    [Fact]
    public async Task EndedWebBindingsAndTheOldUserIdOnesAreDeletedAndPlatformOnesKept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero));
        using var host = BotApplication.WithClock(clock, new Dictionary<string, string?> { ["WebSession:AbsoluteHours"] = "2" });
        var store = host.Services.GetRequiredService<Integrations.Records.BindingStore>();
        var session = new Bot.Conversation.Activity { Channel = Bot.Conversation.Channel.Web, Account = "web", School = "cqu", UserId = "u", WebSessionKey = "0123abcd" };
        await store.BindConversationAsync(session.PersonalKey!, "cqu", "20181234", CancellationToken.None);
        await store.BindConversationAsync("web:web:before-sessions", "cqu", "20181235", CancellationToken.None);
        await store.BindConversationAsync("mp:demo:o-openid", "cqu", "20181236", CancellationToken.None);
        var cleanup = host.Services.GetRequiredService<Bot.WebSessions.WebBindingCleanup>();

        await cleanup.PurgeAsync(CancellationToken.None);
        Assert.NotNull(await store.FindBindingAsync(session.PersonalKey!, CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await cleanup.PurgeAsync(CancellationToken.None);

        var remaining = await CountBindingsAsync(host);
        Assert.Equal(["mp:demo:o-openid"], remaining);
    }

    private static async Task<List<string>> CountBindingsAsync(BotApplication host)
    {
        // The table itself, not the store's cache of lookups.
        await using var db = host.Services.GetRequiredService<Integrations.Records.RecordsDbContextFactory>().CreateDbContext();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Bindings.Select(b => b.ConversationKey));
    }

    [Fact]
    public void AnIdleLimitLongerThanTheAbsoluteOneStopsTheHost()
    {
        using var host = new BotApplication(new Dictionary<string, string?>
        {
            ["WebSession:IdleMinutes"] = "600",
            ["WebSession:AbsoluteHours"] = "2",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains("WebSession:IdleMinutes", error.Message);
    }
}
