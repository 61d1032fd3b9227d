using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StackExchange.Redis;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// Issue 13 item 8: Redis restarted under two running instances. A redis-server of the test's own is killed (SIGKILL)
/// and started again, empty, on the same port; the instances are never restarted. While it is down they keep answering
/// from their own memory (knowledge on the chat API and the WeChat webhook, which answers in protocol form, never 5xx);
/// once it is back they use it again by themselves: their rate-limit counters reappear in Redis and a conversation
/// started on one instance continues on the other.
/// </summary>
public sealed class RedisRestartTests
{
    [ServiceFact(Needs.RedisServer)]
    public async Task InstancesKeepAnsweringWhileRedisIsDownAndUseItAgainOnceItIsBack()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        var mp = MpCallback.ForCqu();
        var prefix = $"restart-{Guid.NewGuid():N}:";
        await using var api = await FakeWeChatApi.StartAsync();
        var settings = new Dictionary<string, string?>(MpUsers.Settings(mp, api))
        {
            ["Redis:Configuration"] = redis.Configuration,
            ["Redis:KeyPrefix"] = prefix,
            // The test is about the shared state; a Hangfire server on the restarted Redis is not covered here.
            ["Reminders:Server"] = "false",
        };
        using var a = new BotApplication(settings);
        using var b = new BotApplication(settings);
        var clientA = a.CreateClient();
        var clientB = b.CreateClient();
        await using var look = await redis.ConnectAsync();
        var usersOfA = new MpUsers(clientA, mp, api);
        var usersOfB = new MpUsers(clientB, mp, api);

        // Up: a turn leaves its per-user rate counter in Redis.
        Assert.True((await ChatAsync(clientA, "before", "退宿去哪里办")).GetProperty("answered").GetBoolean());
        Assert.True(await HasRateKeyAsync(look, prefix, "before"), "no rate-limit key in Redis before the restart");
        var answer = (await usersOfA.SayAsync("o-before", "退宿去哪里办")).Text;
        Assert.False(string.IsNullOrEmpty(answer));

        await redis.KillAsync();

        // Down: both instances answer knowledge questions, on the chat API and on the webhook.
        for (var i = 0; i < 3; i++)
        {
            foreach (var (client, users, name) in new[] { (clientA, usersOfA, "A"), (clientB, usersOfB, "B") })
            {
                var reply = await ChatAsync(client, $"down-{name}-{i}", "退宿去哪里办");
                Assert.True(reply.GetProperty("answered").GetBoolean(), $"{name} did not answer while Redis was down: {reply}");
                var (status, text) = await users.SayAsync($"o-down-{name}-{i}", "退宿去哪里办");
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(answer, text);
            }
        }
        // …and say so: the health check reports Redis as degraded, not the instance as dead.
        var health = await HealthAsync(clientA);
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("Degraded", health.Redis);

        await redis.StartAgainAsync();

        // Back: each instance finds it again by itself (the multiplexer reconnects; the fallback retries Redis after
        // its window) — seen from outside as a new user's rate counter written to Redis.
        foreach (var (client, name) in new[] { (clientA, "A"), (clientB, "B") })
        {
            var attempt = 0;
            await Poll.UntilAsync(async () =>
            {
                var user = $"after-{name}-{attempt++}";
                Assert.True((await ChatAsync(client, user, "退宿去哪里办")).GetProperty("answered").GetBoolean());
                return await HasRateKeyAsync(look, prefix, user);
            }, $"instance {name} writing to Redis again");
        }
        // The instances share state again: a follow-up on B has the context of a question asked on A.
        var userId = "shared-" + Guid.NewGuid().ToString("N")[..8];
        await ChatAsync(clientA, userId, "研究生教育服务中心要办什么");
        var followUp = await ChatAsync(clientB, userId, "电话多少");
        Assert.Contains("65112081", followUp.GetProperty("reply").GetString());
        await Poll.UntilAsync(async () => (await HealthAsync(clientB)).Redis == "Healthy", "/healthz on B reporting Redis healthy");
    }

    private static async Task<bool> HasRateKeyAsync(ConnectionMultiplexer redis, string prefix, string userId)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await foreach (var _ in server.KeysAsync(pattern: $"{prefix}rate:*:{userId}:*")) return true;
        return false;
    }

    private static async Task<JsonElement> ChatAsync(HttpClient client, string userId, string text)
    {
        var response = await client.PostAsJsonAsync("/api/chat", new { userId, school = "cqu", text });
        Assert.True(response.IsSuccessStatusCode, $"/api/chat answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(HttpStatusCode Status, string? Redis)> HealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/healthz");
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, health.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }
}
