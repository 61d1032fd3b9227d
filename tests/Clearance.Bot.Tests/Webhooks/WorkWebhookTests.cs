using System.Net;
using System.Xml.Linq;
using static Clearance.Bot.Tests.Webhooks.WeChatSender;

namespace Clearance.Bot.Tests.Webhooks;

[Collection(WebhookHost.Collection)]
public sealed class WorkWebhookTests(WebhookHost host)
{
    private readonly HttpClient _client = host.Client;
    private readonly WeChatSender _sender = host.WorkSender;

    private static string NewUserId() => "s" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // Vector W2 (timestamp 1409659589) is checked against a fixed clock in CallbackReaderTests; the host runs on the
    // real clock, so here the same app encrypts and signs an echostr with a fresh timestamp.
    [Fact]
    public async Task UrlVerificationDecryptsTheEchostr()
    {
        var echostr = _sender.Encrypt("1616140317555161061");
        var timestamp = Now;

        // Sent URL-encoded as WeCom does.
        using var response = await _client.GetAsync(
            $"/wechat/work/staff?msg_signature={Sha1(WebhookHost.WorkToken, timestamp, "263014780", echostr)}&timestamp={timestamp}&nonce=263014780&echostr={Encode(echostr)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1616140317555161061", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UrlVerificationSignedAnHourAgoIsRefusedLikeAStaleMessage()
    {
        var echostr = _sender.Encrypt("1616140317555161061");
        var hourAgo = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var response = await _client.GetAsync(
            $"/wechat/work/staff?msg_signature={Sha1(WebhookHost.WorkToken, hourAgo, "263014780", echostr)}&timestamp={hourAgo}&nonce=263014780&echostr={Encode(echostr)}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual("1616140317555161061", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UrlVerificationWithAnotherSignatureOrCorpIdIsRefused()
    {
        var otherCorp = new WeChatSender(WebhookHost.WorkToken, WebhookHost.WorkKey, "ww-someone-else");
        var echostr = otherCorp.Encrypt("123");
        var timestamp = Now;

        using var forged = await _client.GetAsync($"/wechat/work/staff?msg_signature={new string('0', 40)}&timestamp={timestamp}&nonce=1&echostr={Encode(echostr)}");
        using var wrongCorp = await _client.GetAsync($"/wechat/work/staff?msg_signature={Sha1(WebhookHost.WorkToken, timestamp, "1", echostr)}&timestamp={timestamp}&nonce=1&echostr={Encode(echostr)}");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongCorp.StatusCode);
    }

    [Fact]
    public async Task EncryptedTextGetsAnEncryptedReplyAndTheUserIdMapsToAStudent()
    {
        var userId = NewUserId();

        var (status, body) = await SendAsync(_sender.Work("staff", TextXml(userId, WebhookHost.CorpId, "probe work", NextMsgId())));

        Assert.Equal(HttpStatusCode.OK, status);
        var reply = _sender.OpenReply(body);
        Assert.Equal(userId, reply.Element("ToUserName")!.Value);
        Assert.Equal(WebhookHost.CorpId, reply.Element("FromUserName")!.Value);
        Assert.Equal($"probe#1 {userId[1..]}", reply.Element("Content")!.Value);
        Assert.Equal("work", host.Probe.LastFor(userId)!.Channel.Name);
    }

    [Fact]
    public async Task UserIdOutsideTheRuleHasNoVouchedStudent()
    {
        var (_, body) = await SendAsync(_sender.Work("staff", TextXml("teacher-wang", WebhookHost.CorpId, "probe staff", NextMsgId())));

        Assert.Equal("probe#1 ", _sender.OpenReply(body).Element("Content")!.Value);
        Assert.Null(host.Probe.LastFor("teacher-wang")!.VouchedStudentId);
    }

    [Fact]
    public async Task OfficialVectorW1IsAuthenticButStaleSoRefused()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/wechat/work/staff?msg_signature=477715d11cdb4164915debcba66cb864d751f3e6&timestamp=1409659813&nonce=1372623149")
        {
            Content = new StringContent($"<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[{OfficialW1Encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"),
        };

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(request)).Status);
    }

    [Fact]
    public async Task RetryGetsTheSameReplyAndTamperingIsRefused()
    {
        var userId = NewUserId();
        var request = _sender.Work("staff", TextXml(userId, WebhookHost.CorpId, "probe retry", NextMsgId()));
        var retry = await CloneAsync(request);
        var tampered = await CloneAsync(request);
        tampered.RequestUri = new Uri(tampered.RequestUri!.ToString().Replace("msg_signature=", "msg_signature=0", StringComparison.Ordinal), UriKind.Relative);

        var first = await SendAsync(request);
        var second = await SendAsync(retry);

        Assert.Equal(first.Body, second.Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(tampered)).Status);
        Assert.Equal(1, host.Probe.CountFor(userId));
    }

    [Fact]
    public async Task MessageForAnotherCorpIsRefused()
    {
        var other = new WeChatSender(WebhookHost.WorkToken, WebhookHost.WorkKey, "ww-someone-else");
        var userId = NewUserId();

        var (status, _) = await SendAsync(other.Work("staff", TextXml(userId, WebhookHost.CorpId, "probe", NextMsgId())));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(0, host.Probe.CountFor(userId));
    }

    [Fact]
    public async Task SlowTurnIsAnEmptyOkThenAnAppMessage()
    {
        var userId = NewUserId();

        var (status, body) = await SendAsync(_sender.Work("staff", TextXml(userId, WebhookHost.CorpId, "probe slow", NextMsgId())));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("", body);
        Assert.True(await host.EventuallyAsync(() => host.Api.Posts.Any(p => p.Body.Contains(userId, StringComparison.Ordinal))));
        var sent = host.Api.Posts.Single(p => p.Body.Contains(userId, StringComparison.Ordinal));
        Assert.Equal("/cgi-bin/message/send", sent.Path);
        Assert.Equal(1000002, FakeWeChatApi.Json(sent).GetProperty("agentid").GetInt32());
    }

    [Theory]
    [InlineData("<xml><Encrypt>")]
    [InlineData("<xml><ToUserName>x</ToUserName></xml>")]
    public async Task MalformedEnvelopeIsABadRequest(string body)
    {
        using var response = await _client.PostAsync($"/wechat/work/staff?msg_signature=0&timestamp={Now}&nonce=1", new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task EnterAgentEventIsAcknowledgedEmptyAndFollowGetsTheWelcome()
    {
        var userId = NewUserId();

        var (enterStatus, enterBody) = await SendAsync(_sender.Work("staff", EventXml(userId, WebhookHost.CorpId, "enter_agent")));
        var (_, welcome) = await SendAsync(_sender.Work("staff", EventXml(userId, WebhookHost.CorpId, "subscribe")));

        Assert.Equal(HttpStatusCode.OK, enterStatus);
        Assert.Equal("", enterBody);
        Assert.Contains("欢迎", _sender.OpenReply(welcome).Element("Content")!.Value);
    }

    [Fact]
    public async Task UnknownAppIsNotFound()
    {
        using var response = await _client.SendAsync(_sender.Work("nobody", TextXml("u", WebhookHost.CorpId, "x", NextMsgId())));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private const string OfficialW1Encrypt = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
}
