using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// Two hosts behind one imaginary load balancer, sharing one Redis (under a key prefix of their own) and, when
/// CLEARANCE_TEST_POSTGRES is set, one PostgreSQL database; otherwise each keeps its own SQLite file.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    private readonly Lazy<(BotApplication A, BotApplication B)> _hosts;
    private string? _postgres;

    public TwoInstances() => _hosts = new(Start);

    public MpCallback Mp { get; } = MpCallback.ForCqu();
    public string KeyPrefix { get; } = $"test:{Guid.NewGuid():N}:";

    public HttpClient A => _hosts.Value.A.CreateClient();
    public HttpClient B => _hosts.Value.B.CreateClient();

    private (BotApplication, BotApplication) Start()
    {
        var settings = new Dictionary<string, string?>(Mp.Settings)
        {
            ["Redis:Configuration"] = TestServices.Redis,
            ["Redis:KeyPrefix"] = KeyPrefix,
        };
        _postgres = TestServices.FreshPostgresDatabase("clearance_dist_");
        if (_postgres is not null)
        {
            settings["Storage:Provider"] = "postgres";
            settings["IdDigits:Key"] = TestServices.IdDigitsKey;
            settings["Storage:ConnectionString"] = _postgres;
        }
        var a = new BotApplication(settings);
        // One after the other: the first creates and migrates the shared database, the second finds it current.
        _ = a.Server;
        var b = new BotApplication(settings);
        _ = b.Server;
        return (a, b);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (!_hosts.IsValueCreated) return;
        await _hosts.Value.A.DisposeAsync();
        await _hosts.Value.B.DisposeAsync();
        if (_postgres is not null) await TestServices.DropPostgresDatabaseAsync(_postgres);
    }
}

public sealed class TwoInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    [ServiceFact(Needs.Redis)]
    public async Task AConversationStartedOnOneInstanceContinuesOnTheOther()
    {
        var userId = "dist-" + Guid.NewGuid().ToString("N")[..8];

        var first = await ChatAsync(instances.A, userId, "研究生教育服务中心要办什么");
        var followUp = await ChatAsync(instances.B, userId, "电话多少");
        var withoutContext = await ChatAsync(instances.B, userId + "-other", "电话多少");

        Assert.True(first.GetProperty("answered").GetBoolean());
        Assert.Contains("65112081", followUp.GetProperty("reply").GetString());
        // Asked cold, the same words do not lead to that office: the context came from A through Redis.
        Assert.DoesNotContain("65112081", withoutContext.GetProperty("reply").GetString());
    }

    [ServiceFact(Needs.Redis)]
    public async Task AWeChatRetryOnTheOtherInstanceGetsTheSameReplyWithoutBeingProcessedAgain()
    {
        var openId = "o" + Guid.NewGuid().ToString("N")[..20];
        var msgId = Random.Shared.NextInt64(1_000_000_000, long.MaxValue);
        var now = DateTimeOffset.UtcNow;

        var first = await instances.A.SendAsync(instances.Mp.TextMessage(openId, "退宿去哪里办", msgId, now, "n1"));
        var retry = await instances.B.SendAsync(instances.Mp.TextMessage(openId, "退宿去哪里办", msgId, now, "n1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(instances.Mp.ReplyText(firstBody)), $"not an encrypted text reply: {firstBody}");
        // Every encryption draws a fresh random prefix, so only the stored response can be equal byte for byte:
        // had B run the turn again, its reply would differ even with the same text.
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
    }

    [ServiceFact(Needs.Redis)]
    public async Task ANewMessageOnTheOtherInstanceIsProcessedAfresh()
    {
        var openId = "o" + Guid.NewGuid().ToString("N")[..20];
        var now = DateTimeOffset.UtcNow;

        var first = await instances.A.SendAsync(instances.Mp.TextMessage(openId, "退宿去哪里办", 1001, now, "n2"));
        var next = await instances.B.SendAsync(instances.Mp.TextMessage(openId, "退宿去哪里办", 1002, now, "n3"));

        var firstBody = await first.Content.ReadAsStringAsync();
        var nextBody = await next.Content.ReadAsStringAsync();
        Assert.NotEqual(firstBody, nextBody);
        Assert.Equal(instances.Mp.ReplyText(firstBody), instances.Mp.ReplyText(nextBody));
    }

    [ServiceFact(Needs.Redis)]
    public async Task AWebSessionAndItsAnswerIdsIssuedByOneInstanceHoldOnTheOther()
    {
        var userId = "dist-session-" + Guid.NewGuid().ToString("N")[..8];
        var start = await instances.A.PostAsJsonAsync("/api/chat", new { userId, school = "cqu", text = "绑定" });
        start.EnsureSuccessStatusCode();
        var cookie = start.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        // The binding dialog in progress is the session's: B continues it with the cookie, and without it does not.
        var withCookie = await ChatAsync(instances.B, userId, "20181236", cookie);
        var withoutCookie = await ChatAsync(instances.B, userId, "20181236");
        Assert.Contains("姓名", withCookie.GetProperty("reply").GetString());
        Assert.DoesNotContain("姓名", withoutCookie.GetProperty("reply").GetString());

        var answer = await ChatAsync(instances.A, userId, "退宿去哪里办");
        var vote = await instances.B.PostAsJsonAsync("/api/feedback", new { userId, school = "cqu", answerId = answer.GetProperty("answerId").GetString(), helpful = true });
        Assert.Equal(HttpStatusCode.NoContent, vote.StatusCode);
    }

    [ServiceFact(Needs.Redis)]
    public async Task HealthzReportsRedisWithItsLatency()
    {
        var response = await instances.B.GetAsync("/healthz");
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var redis = health.RootElement.GetProperty("checks").GetProperty("redis");
        Assert.Equal("Healthy", redis.GetProperty("status").GetString());
        Assert.True(redis.GetProperty("data").TryGetProperty("latencyMs", out _));
    }

    private static async Task<JsonElement> ChatAsync(HttpClient client, string userId, string text, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = JsonContent.Create(new { userId, school = "cqu", text }) };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
