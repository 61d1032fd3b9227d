using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Clearance.Bot.ClearanceStatus;
using Clearance.Bot.Conversation;
using Clearance.Integrations.Records;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Clearance.Bot.Tests.ClearanceStatus;

/// <summary>
/// The binding limits of docs/security.md, with their numbers written out: five checks per account in 30 days, thirty a
/// day at one student id from accounts that checked before, an account's first check always run. Accounts are WeChat
/// openids driven through the conversation pipeline; the web's limits go through <c>/api/chat</c> from set addresses.
/// </summary>
public sealed class BindingLimitsTests : IAsyncLifetime
{
    private const string CquAdmin = "cqu-admin-key-bind1";
    private const string CquFinance = "cqu-finance-key-b1";
    private const string CumtAdmin = "cumt-admin-key-bd1";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(8)));
    private BotApplication _bot = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _bot = BotApplication.WithClock(_clock, new Dictionary<string, string?>
        {
            ["Clearance:StaffKeys:0:Key"] = CquAdmin,
            ["Clearance:StaffKeys:0:School"] = "cqu",
            ["Clearance:StaffKeys:0:Office"] = "*",
            ["Clearance:StaffKeys:0:Name"] = "cqu-admin",
            ["Clearance:StaffKeys:1:Key"] = CquFinance,
            ["Clearance:StaffKeys:1:School"] = "cqu",
            ["Clearance:StaffKeys:1:Office"] = "finance",
            ["Clearance:StaffKeys:2:Key"] = CumtAdmin,
            ["Clearance:StaffKeys:2:School"] = "cumt",
            ["Clearance:StaffKeys:2:Office"] = "*",
            ["Clearance:WebBindingChecksPerAddress"] = "5",
        });
        _client = _bot.CreateStaffClient(CquAdmin);
        using var roster = new StringContent("""
            studentId,name,idLast6,degree,graduationType,campus,hasLoan,onCampus
            20181236,王五,345678,硕士,正常毕业,B区,false,true
            20181297,锁用户,777777,硕士,正常毕业,A区,false,true
            20181298,被猜者,888888,硕士,正常毕业,A区,false,true
            """.Replace("\r\n", "\n"), Encoding.UTF8, "text/csv");
        (await _client.PostAsync("/api/clearance/cqu/students", roster)).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _bot.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Reply> Mp(string openid, string text) =>
        await _bot.Services.GetRequiredService<ConversationPipeline>().RunAsync(new Activity
        {
            Channel = Channel.Mp, Account = "demo", School = "cqu", UserId = openid, Text = text, Timestamp = _clock.GetUtcNow(),
        }, CancellationToken.None);

    /// <summary>The whole dialog; the reply to the last answer (or the refusal that ended it early).</summary>
    private async Task<Reply> Binds(string openid, string studentId, string name, string digits)
    {
        foreach (var text in new[] { "绑定", studentId, name })
        {
            var step = await Mp(openid, text);
            if (step.Intent.Name != "bind") return step;
        }
        return await Mp(openid, digits);
    }

    private static bool Failed(Reply reply) => reply.Text.Contains("绑定失败", StringComparison.Ordinal);

    private static bool Bound(Reply reply) => reply.Text.Contains("绑定成功", StringComparison.Ordinal);

    [Fact]
    public async Task AnAccountHasFiveChecksInThirtyDays()
    {
        var replies = new List<Reply>();
        for (var i = 0; i < 5; i++) replies.Add(await Binds("typo", "20181297", "锁用户", "000000"));

        Assert.Contains("还可尝试 4 次", replies[0].Text);
        Assert.Contains("还可尝试 1 次", replies[3].Text);
        Assert.Equal("bind-locked", replies[4].Intent.Name);
        Assert.Equal("bind-locked", (await Mp("typo", "绑定")).Intent.Name);
        // Even with the right answers, and still on day 29.
        _clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal("bind-locked", (await Binds("typo", "20181297", "锁用户", "777777")).Intent.Name);

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.True(Bound(await Binds("typo", "20181297", "锁用户", "777777")));
    }

    [Fact]
    public async Task ManyAccountsGuessingAtOneIdLeaveTheRealStudentsFirstCheckStanding()
    {
        // Twenty accounts, three wrong guesses each, one after the other: sixty checks at one id. The first thirty run
        // (accounts 0 to 9); past thirty an account's second and third are refused, its first still runs (accounts 10
        // to 19).
        var replies = new List<Reply>();
        for (var account = 0; account < 20; account++)
        {
            for (var guess = 0; guess < 3; guess++)
                replies.Add(await Binds($"attacker-{account}", "20181298", "被猜者", $"10{account:00}{guess:00}"));
        }

        Assert.Equal(40, replies.Count(Failed));
        Assert.Equal(20, replies.Count(r => r.Intent.Name == "bind-locked"));
        Assert.Contains("只接受此前没有验证过的账号", replies[^1].Text);

        // The real student, from an account that never failed, binds on the first try while the attack goes on.
        var owner = await Binds("the-real-owner", "20181298", "被猜者", "888888");
        Assert.True(Bound(owner), owner.Text);
        Assert.Equal(Intent.Status, (await Mp("the-real-owner", "我的离校进度")).Intent);
        // An account that guessed before is refused even with the right answers, and says so at the student id.
        await Mp("attacker-0", "绑定");
        Assert.Equal("bind-locked", (await Mp("attacker-0", "20181298")).Intent.Name);
        // The budget is the id's, not the account's: the same account still checks another id.
        Assert.True(Bound(await Binds("attacker-1", "20181236", "王五", "345678")));

        // A day later the id's budget starts again.
        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.True(Failed(await Binds("attacker-2", "20181298", "被猜者", "555555")));
    }

    [Fact]
    public async Task ParallelGuessesFromAccountsThatCheckedBeforeRunAtMostThirtyADay()
    {
        // Sixty accounts each fail once elsewhere (their first check), then all guess at one id at the same moment.
        for (var i = 0; i < 60; i++) Assert.True(Failed(await Binds($"swarm-{i}", "20181297", "锁用户", "000000")));
        for (var i = 0; i < 60; i++)
        {
            await Mp($"swarm-{i}", "绑定");
            await Mp($"swarm-{i}", "20181298");
            await Mp($"swarm-{i}", "被猜者");
        }

        var guesses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => Mp($"swarm-{i}", $"2{i:00000}"))));

        Assert.Equal(30, guesses.Count(Failed));
        Assert.Equal(30, guesses.Count(g => g.Intent.Name == "bind-locked"));
        Assert.True(Bound(await Binds("owner-fresh", "20181298", "被猜者", "888888")));
    }

    [Fact]
    public async Task AnIdNotOnTheRosterIsRefusedLikeARealOneSoRefusalsRevealNothing()
    {
        var real = new List<Reply>();
        var missing = new List<Reply>();
        for (var account = 0; account < 20; account++)
        {
            for (var guess = 0; guess < 3; guess++)
            {
                real.Add(await Binds($"p-real-{account}", "20181298", "被猜者", "000000"));
                missing.Add(await Binds($"p-missing-{account}", "20189876", "某某", "000000"));
            }
        }

        Assert.Equal(real.Select(r => r.Intent.Name + r.Text), missing.Select(r => r.Intent.Name + r.Text));
    }

    [Fact]
    public async Task AdministratorsSeeTheirSchoolsLocksAndEveryClearIsAudited()
    {
        for (var i = 0; i < 5; i++) await Binds("locked-out", "20181297", "锁用户", "000000");
        await Binds("other-guesser", "20181297", "锁用户", "000001");

        var view = await _client.GetFromJsonAsync<JsonElement>("/api/console/cqu/binding");
        var item = view.GetProperty("students").EnumerateArray().Single(s => s.GetProperty("studentId").GetString() == "20181297");
        Assert.Equal(5, view.GetProperty("checksPerAccount").GetInt32());
        Assert.Equal(6, item.GetProperty("failures").GetInt32());
        Assert.Equal(6, item.GetProperty("checksToday").GetInt64());
        Assert.Equal(2, item.GetProperty("accounts").GetInt32());
        Assert.Equal(1, item.GetProperty("lockedAccounts").GetInt32());

        var cleared = await _client.PostAsync("/api/console/cqu/binding/20181297/clear", null);

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.True(Bound(await Binds("locked-out", "20181297", "锁用户", "777777")));
        var audit = await _client.GetFromJsonAsync<JsonElement>("/api/clearance/cqu/20181297/audit");
        var entry = audit.EnumerateArray().Single(a => a.GetProperty("action").GetString() == "binding-clear");
        Assert.Equal("cqu-admin", entry.GetProperty("actor").GetString());
        Assert.Contains("\"LockedAccounts\":1", entry.GetProperty("before").GetString());
        var after = await _client.GetFromJsonAsync<JsonElement>("/api/console/cqu/binding");
        Assert.DoesNotContain(after.GetProperty("students").EnumerateArray(), s => s.GetProperty("studentId").GetString() == "20181297");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/console/cqu/binding/20181236/clear", null)).StatusCode);
    }

    [Fact]
    public async Task OtherSchoolsAndOfficeKeysNeitherSeeNorClearBindingLocks()
    {
        for (var i = 0; i < 5; i++) await Binds("victim", "20181297", "锁用户", "000000");
        using var cumt = _bot.CreateStaffClient(CumtAdmin);
        using var finance = _bot.CreateStaffClient(CquFinance);
        using var anonymous = _bot.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await cumt.GetAsync("/api/console/cqu/binding")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cumt.PostAsync("/api/console/cqu/binding/20181297/clear", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync("/api/console/cqu/binding")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsync("/api/console/cqu/binding/20181297/clear", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/console/cqu/binding/20181297/clear", null)).StatusCode);

        Assert.Equal("bind-locked", (await Mp("victim", "绑定")).Intent.Name);
        var audit = await _client.GetFromJsonAsync<JsonElement>("/api/clearance/cqu/20181297/audit");
        Assert.DoesNotContain(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "binding-clear");
    }

    /// <summary>The session cookie of each web user id, kept as a browser keeps it: a web binding belongs to the session.</summary>
    private readonly Dictionary<string, string> _webCookies = [];

    /// <summary>Posts to /api/chat as a client at <paramref name="address"/>, keeping the user's session cookie.</summary>
    private async Task<JsonElement> WebSays(string address, string userId, string text)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { userId, school = "cqu", text });
        var context = await _bot.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/chat";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(body);
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
            if (_webCookies.TryGetValue(userId, out var cookie)) c.Request.Headers.Cookie = cookie;
        });
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        if (context.Response.Headers.SetCookie.FirstOrDefault() is { } issued) _webCookies[userId] = issued!.Split(';')[0];
        return await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
    }

    private async Task<JsonElement> WebBinds(string address, string userId, string studentId, string name, string digits)
    {
        foreach (var text in new[] { "绑定", studentId, name })
        {
            var step = await WebSays(address, userId, text);
            if (step.GetProperty("intent").GetString() != "bind") return step;
        }
        return await WebSays(address, userId, digits);
    }

    [Fact]
    public async Task OnTheWebChecksCountAgainstTheClientAddressWhateverUserIdsItSends()
    {
        for (var i = 0; i < 5; i++)
            Assert.Contains("绑定失败", (await WebBinds("203.0.113.9", $"minted-{i}", "20181297", "锁用户", "000000")).GetProperty("reply").GetString());

        var sixth = await WebSays("203.0.113.9", "minted-5", "绑定");
        var elsewhere = await WebBinds("198.51.100.4", "someone", "20181236", "王五", "345678");

        Assert.Equal("bind-locked", sixth.GetProperty("intent").GetString());
        Assert.Contains("网络地址", sixth.GetProperty("reply").GetString());
        Assert.Contains("绑定成功", elsewhere.GetProperty("reply").GetString());
    }

    [Fact]
    public async Task WebBindingIsOffUnlessTheSchoolTurnsItOn()
    {
        using var bot = new BotApplication(new Dictionary<string, string?> { ["Clearance:WebBinding"] = "false" });
        using var client = bot.CreateClient();

        var response = await client.PostAsJsonAsync("/api/chat", new { userId = "web-user", school = "cqu", text = "绑定" });
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("bind-off", reply.GetProperty("intent").GetString());
        Assert.Contains("微信公众号或企业微信", reply.GetProperty("reply").GetString());
        Assert.False(new BindingOptions().WebBinding);
        Assert.Equal(5, new BindingOptions().WebBindingChecksPerAddress);
    }
}
