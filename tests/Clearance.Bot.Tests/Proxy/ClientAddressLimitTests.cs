using System.Net;
using System.Text;
using System.Text.Json;
using Clearance.Bot.Conversation;
using Clearance.Bot.Tests.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Clearance.Bot.Tests.Webhooks.WeChatSender;

namespace Clearance.Bot.Tests.Proxy;

/// <summary>
/// <c>ClientLimits</c>: the public JSON endpoints limit each client address, whatever user ids it sends; the webhooks
/// are not limited by address (the platform's servers are shared) but keep the per-openid limit. Windows are an hour
/// long so that no window ends in the middle of a test.
/// </summary>
public sealed class ClientAddressLimitTests
{
    private static BotApplication Host(int permits, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ClientLimits:PermitsPerWindow"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ClientLimits:WindowSeconds"] = "3600",
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return new BotApplication(settings);
    }

    private static async Task<HttpContext> PostAsync(BotApplication bot, string path, object body, string from, string? forwardedFor = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        return await bot.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = path;
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(bytes);
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
    }

    private static Task<HttpContext> ChatAsync(BotApplication bot, string userId, string from, string? forwardedFor = null) =>
        PostAsync(bot, "/api/chat", new { userId, school = "cqu", text = "你好" }, from, forwardedFor);

    [Fact]
    public async Task SixtyUserIdsFromOneAddressGet429sWithRetryAfterAndProblemDetails()
    {
        using var bot = Host(permits: 30);

        var responses = new List<HttpContext>();
        for (var i = 0; i < 60; i++) responses.Add(await ChatAsync(bot, $"minted-{i}", "203.0.113.20"));
        var feedback = await PostAsync(bot, "/api/feedback", new { userId = "minted-0", school = "cqu", answerId = "0123456789abcdef01234567", helpful = true }, "203.0.113.20");
        var otherClient = await ChatAsync(bot, "minted-0", "198.51.100.20");

        Assert.Equal(30, responses.Count(r => r.Response.StatusCode == StatusCodes.Status200OK));
        var refused = responses.Where(r => r.Response.StatusCode == StatusCodes.Status429TooManyRequests).ToList();
        Assert.Equal(30, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.True(int.TryParse(r.Response.Headers.RetryAfter, out var seconds) && seconds is > 0 and <= 3600, $"Retry-After: {r.Response.Headers.RetryAfter}");
            Assert.StartsWith("application/problem+json", r.Response.ContentType);
        });
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(refused[0].Response.Body);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.Equal(StatusCodes.Status429TooManyRequests, feedback.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, otherClient.Response.StatusCode);
    }

    [Fact]
    public async Task AForwardedAddressCountsOnlyWhenTheProxyIsTrusted()
    {
        using (var trusted = Host(permits: 3, new() { ["ForwardedHeaders:Enabled"] = "true", ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.7" }))
        {
            for (var i = 0; i < 3; i++) Assert.Equal(200, (await ChatAsync(trusted, $"a{i}", "10.0.0.7", "203.0.113.1")).Response.StatusCode);
            Assert.Equal(429, (await ChatAsync(trusted, "a3", "10.0.0.7", "203.0.113.1")).Response.StatusCode);
            // Another client behind the same proxy has its own limit.
            Assert.Equal(200, (await ChatAsync(trusted, "b0", "10.0.0.7", "203.0.113.2")).Response.StatusCode);
            // A client that is not the proxy cannot pick its address by sending the header.
            for (var i = 0; i < 3; i++) Assert.Equal(200, (await ChatAsync(trusted, $"c{i}", "192.0.2.50", $"198.51.100.{i}")).Response.StatusCode);
            Assert.Equal(429, (await ChatAsync(trusted, "c3", "192.0.2.50", "198.51.100.99")).Response.StatusCode);
        }

        using var untrusted = Host(permits: 3);
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await ChatAsync(untrusted, $"a{i}", "10.0.0.7", $"203.0.113.{i}")).Response.StatusCode);
        Assert.Equal(429, (await ChatAsync(untrusted, "a3", "10.0.0.7", "203.0.113.3")).Response.StatusCode);
    }

    [Fact]
    public async Task AWebhookBurstFromOneAddressIsNotLimitedByItButEachOpenidStillIs()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        const string token = "limit-token", key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appId = "wxlimit000000001";
        using var bot = Host(permits: 5, new()
        {
            ["Conversation:MessagesPerMinute"] = "3",
            ["WeChat:ApiBaseUrl"] = api.BaseUrl,
            ["WeChat:Accounts:limit:School"] = "cqu",
            ["WeChat:Accounts:limit:AppId"] = appId,
            ["WeChat:Accounts:limit:AppSecret"] = "appsecret",
            ["WeChat:Accounts:limit:Token"] = token,
            ["WeChat:Accounts:limit:EncodingAESKey"] = key,
        });
        var client = bot.CreateClient();
        var sender = new WeChatSender(token, key, appId);
        await bot.Services.GetRequiredService<ConversationPipeline>().RunAsync(new Activity
        {
            Channel = Channel.Mp, Account = "limit", School = "cqu", UserId = "warm-up", Text = "你好", Timestamp = DateTimeOffset.UtcNow,
        }, CancellationToken.None);

        // Twenty messages from twenty openids, all through the platform's one address (the test server's).
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            var openId = $"o-burst-{i}";
            using var response = await client.SendAsync(sender.Mp("limit", TextXml(openId, "gh_test", "你好", NextMsgId()), openId: openId));
            statuses.Add(response.StatusCode);
        }
        var replies = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.SendAsync(sender.Mp("limit", TextXml("o-chatty", "gh_test", "你好", NextMsgId()), openId: "o-chatty"));
            replies.Add(sender.OpenReply(await response.Content.ReadAsStringAsync()).Element("Content")!.Value);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.DoesNotContain("消息有点多", replies[2]);
        Assert.Contains("消息有点多", replies[3]);
        // The same address's JSON requests are limited: the webhooks spent none of its five.
        var chats = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.PostAsync("/api/chat", new StringContent($$"""{"userId":"u{{i}}","school":"cqu","text":"你好"}""", Encoding.UTF8, "application/json"));
            chats.Add(response.StatusCode);
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], chats);
    }

    [Theory]
    [InlineData("ClientLimits:PermitsPerWindow", "0")]
    [InlineData("ClientLimits:WindowSeconds", "0")]
    public void AWrongLimitStopsTheHostNamingTheKey(string key, string value)
    {
        using var bot = new BotApplication(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => bot.CreateClient());

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void TheDefaultIsSixtyRequestsAMinutePerAddress()
    {
        var options = new Clearance.Bot.ClientLimits.ClientLimitOptions();

        Assert.Equal(60, options.PermitsPerWindow);
        Assert.Equal(60, options.WindowSeconds);
    }
}
