using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// Redis configured but down (a port nothing listens on): the host starts, answers knowledge questions on the chat
/// API and the WeChat webhook within WeChat's 5 s, and /healthz says Redis is unreachable. Needs no Redis, so it
/// always runs.
/// </summary>
public sealed class RedisOutageTests(RedisOutageTests.App app) : IClassFixture<RedisOutageTests.App>
{
    public sealed class App : IDisposable
    {
        public MpCallback Mp { get; } = MpCallback.ForCqu();
        public BotApplication Host { get; }

        public App()
        {
            Host = new BotApplication(new Dictionary<string, string?>(Mp.Settings)
            {
                ["Redis:Configuration"] = $"127.0.0.1:{ClosedPort()},connectRetry=1",
            });
            // The knowledge index is built on the first question (≈5 s here, with or without Redis); the tests
            // measure what an unreachable Redis adds, so that cost is paid before they start the clock.
            using var warmUp = Host.CreateClient()
                .PostAsJsonAsync("/api/chat", new { userId = "outage-warm-up", school = "cqu", text = "退宿去哪里办" })
                .GetAwaiter().GetResult();
        }

        public void Dispose() => Host.Dispose();

        private static int ClosedPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    [Fact]
    public async Task KnowledgeQuestionsAreStillAnswered()
    {
        var client = app.Host.CreateClient();

        var response = await client.PostAsJsonAsync("/api/chat", new { userId = "outage-1", school = "cqu", text = "退宿去哪里办" });

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task TheWeChatWebhookStillRepliesInItsBudgetAndRetriesToTheSameInstanceAreStillCaught()
    {
        var client = app.Host.CreateClient();
        var now = DateTimeOffset.UtcNow;

        var first = await client.SendAsync(app.Mp.TextMessage("o-outage", "退宿去哪里办", 424242, now, "outage1"));
        var retry = await client.SendAsync(app.Mp.TextMessage("o-outage", "退宿去哪里办", 424242, now, "outage1"));

        // A passive text reply (not the "success" acknowledgement) means the webhook's own 5-second budget held.
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(string.IsNullOrEmpty(app.Mp.ReplyText(body)), $"not a text reply: {body}");
        // The instance's own memory stands in for Redis, so a retry to the same instance still gets the stored reply.
        Assert.Equal(body, await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthzReportsRedisUnreachableAsDegradedAndStillAnswers200()
    {
        var client = app.Host.CreateClient();

        var response = await client.GetAsync("/healthz");
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var redis = health.RootElement.GetProperty("checks").GetProperty("redis");
        Assert.Equal("Degraded", redis.GetProperty("status").GetString());
        Assert.False(redis.GetProperty("data").GetProperty("connected").GetBoolean());
    }
}

public sealed class RedisConfigurationTests
{
    [Fact]
    public void AnUnreadableRedisConfigurationStopsTheHostNamingTheKey()
    {
        using var host = new BotApplication(new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:6379,connectTimout=5" });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("Redis:Configuration", error.Message);
    }
}
