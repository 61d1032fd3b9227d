using System.Net;
using System.Text.Json;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// Official-account users talking to one instance through its webhook (safe mode), with the platform's API faked so
/// that a reply the webhook could not give within its 5-second budget — it acknowledges and sends the text later
/// through the customer-service API, which happens on a loaded machine — is still the reply the user got. Fault tests
/// assert what the user sees, not how fast.
/// </summary>
public sealed class MpUsers(HttpClient client, MpCallback mp, FakeWeChatApi api)
{
    private const string CustomSend = "/cgi-bin/message/custom/send";
    private long _msgId = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);

    /// <summary>The instance's settings for this: the account, with a secret, and the platform at the fake.</summary>
    public static Dictionary<string, string?> Settings(MpCallback mp, FakeWeChatApi api) => new(mp.Settings)
    {
        ["WeChat:Accounts:cqu:AppSecret"] = "fault-test-secret",
        ["WeChat:ApiBaseUrl"] = api.BaseUrl,
    };

    /// <summary>
    /// Sends <paramref name="text"/> as <paramref name="openId"/>; the status and the text of the reply the user gets
    /// (passive, or the first message sent later). A request the in-memory test server fails with an exception counts
    /// as the 500 Kestrel would answer, so the assertion can name it.
    /// </summary>
    public async Task<(HttpStatusCode Status, string? Text)> SayAsync(string openId, string text)
    {
        var sentBefore = SentLaterTo(openId).Count;
        var request = mp.TextMessage(openId, text, Interlocked.Increment(ref _msgId), DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N")[..10]);
        var (status, body) = await SendAsync(client, request);
        if (status != HttpStatusCode.OK) return (status, body);
        if (mp.ReplyText(body) is { } passive) return (status, passive);
        if (body != "success") return (status, null);
        // Acknowledged: the reply follows through the API.
        var deadline = DateTime.UtcNow + Poll.DefaultTimeout;
        while (SentLaterTo(openId).Count <= sentBefore)
        {
            if (DateTime.UtcNow > deadline) return (status, null);
            await Task.Delay(50);
        }
        return (status, SentLaterTo(openId)[sentBefore]);
    }

    private List<string> SentLaterTo(string openId) =>
    [
        .. api.Posts.Where(p => p.Path == CustomSend)
            .Select(p => JsonDocument.Parse(p.Body).RootElement)
            .Where(json => json.GetProperty("touser").GetString() == openId && json.TryGetProperty("text", out _))
            .Select(json => json.GetProperty("text").GetProperty("content").GetString()!),
    ];

    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e)
        {
            // The tests never cancel a request: any exception, a cancellation included (a host that stopped itself
            // cancels its turns), is the server failing it.
            return (HttpStatusCode.InternalServerError, e.GetType().Name + ": " + e.Message);
        }
    }
}
