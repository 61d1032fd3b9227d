using System.Net;
using System.Text;
using System.Xml.Linq;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.DependencyInjection;
using static Clearance.Bot.Tests.Webhooks.WeChatSender;

namespace Clearance.Bot.Tests.Webhooks;

[Collection(WebhookHost.Collection)]
public sealed class MpWebhookTests(WebhookHost host)
{
    private readonly HttpClient _client = host.Client;
    private readonly WeChatSender _sender = host.MpSender;

    private static string NewOpenId() => "o-" + Guid.NewGuid().ToString("N")[..20];

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // The official example's vector (timestamp 1714036504) is checked against a fixed clock in CallbackReaderTests;
    // the host runs on the real clock, so here the same token signs a fresh timestamp.
    [Fact]
    public async Task UrlVerificationAnswersEchostrVerbatim()
    {
        var timestamp = Now;
        using var response = await _client.GetAsync(
            $"/wechat/mp/official?signature={Sha1("AAAAA", timestamp, "1514711492")}&timestamp={timestamp}&nonce=1514711492&echostr=4375120948345356249");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4375120948345356249", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UrlVerificationSignedAnHourAgoIsRefusedLikeAStaleMessage()
    {
        var hourAgo = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await _client.GetAsync(
            $"/wechat/mp/official?signature={Sha1("AAAAA", hourAgo, "1514711492")}&timestamp={hourAgo}&nonce=1514711492&echostr=4375120948345356249");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual("4375120948345356249", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/wechat/mp/official?signature=f464b24fc39322e44b38aa78f5edd27bd1441697&timestamp=1714036504&nonce=1514711492&echostr=1", HttpStatusCode.Unauthorized)]
    [InlineData("/wechat/mp/official?timestamp=1714036504&nonce=1514711492&echostr=1", HttpStatusCode.BadRequest)]
    [InlineData("/wechat/mp/nobody?signature=f464b24fc39322e44b38aa78f5edd27bd1441696&timestamp=1714036504&nonce=1514711492&echostr=1", HttpStatusCode.NotFound)]
    public async Task UrlVerificationRefusesWrongSignatureMissingParamsAndUnknownAccount(string url, HttpStatusCode expected)
    {
        using var response = await _client.GetAsync(url);

        Assert.Equal(expected, response.StatusCode);
        Assert.NotEqual("1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SafeModeTextGetsAnEncryptedSignedAnswer()
    {
        var openId = NewOpenId();

        var (status, body) = await SendAsync(_sender.Mp("test", TextXml(openId, "gh_test", "退宿去哪里办", NextMsgId()), openId: openId));

        Assert.Equal(HttpStatusCode.OK, status);
        var reply = _sender.OpenReply(body);
        Assert.Equal(openId, reply.Element("ToUserName")!.Value);
        Assert.Equal("gh_test", reply.Element("FromUserName")!.Value);
        Assert.Equal("text", reply.Element("MsgType")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(reply.Element("Content")!.Value));
        Assert.True(Encoding.UTF8.GetByteCount(reply.Element("Content")!.Value) <= 2048);
    }

    [Fact]
    public async Task PlaintextModeGetsAPlainReplyAndCompatibleModeAnEncryptedOne()
    {
        var openId = NewOpenId();

        var (plainStatus, plain) = await SendAsync(_sender.Mp("plain", TextXml(openId, "gh_test", "probe plain", NextMsgId()), mode: "raw"));
        var (compatStatus, compat) = await SendAsync(_sender.Mp("test", TextXml(openId, "gh_test", "probe compat", NextMsgId()), mode: "compatible"));

        Assert.Equal(HttpStatusCode.OK, plainStatus);
        Assert.Equal("probe#1 ", XElement.Parse(plain).Element("Content")!.Value);
        Assert.Equal(HttpStatusCode.OK, compatStatus);
        Assert.Equal("probe#2 ", _sender.OpenReply(compat).Element("Content")!.Value);
    }

    [Fact]
    public async Task PlaintextToAnEncryptedAccountIsRefused()
    {
        // Its signature does not cover the body, so accepting it would make the encryption pointless.
        var openId = NewOpenId();

        var (status, _) = await SendAsync(_sender.Mp("test", TextXml(openId, "gh_test", "probe sneaky", NextMsgId()), mode: "raw"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(0, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task SubscribeGetsTheWelcomeWithHowToBind()
    {
        var openId = NewOpenId();

        var (_, body) = await SendAsync(_sender.Mp("test", EventXml(openId, "gh_test", "subscribe")));

        var content = _sender.OpenReply(body).Element("Content")!.Value;
        Assert.Contains("欢迎", content);
        Assert.Contains("绑定", content);
        Assert.Contains("离校进度", content);
    }

    [Fact]
    public async Task ImageGetsAHelpfulTextAndVoiceRecognitionIsAQuestion()
    {
        var openId = NewOpenId();
        var image = $"<xml><ToUserName>gh_test</ToUserName><FromUserName>{openId}</FromUserName><CreateTime>{Now}</CreateTime><MsgType>image</MsgType><PicUrl>http://127.0.0.1/x.jpg</PicUrl><MediaId>m</MediaId><MsgId>{NextMsgId()}</MsgId></xml>";
        var voice = $"<xml><ToUserName>gh_test</ToUserName><FromUserName>{openId}</FromUserName><CreateTime>{Now}</CreateTime><MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><Recognition>probe voice</Recognition><MsgId>{NextMsgId()}</MsgId></xml>";

        var (_, imageBody) = await SendAsync(_sender.Mp("test", image));
        var (_, voiceBody) = await SendAsync(_sender.Mp("test", voice));

        Assert.Contains("只能读文字", _sender.OpenReply(imageBody).Element("Content")!.Value);
        Assert.Equal("probe#1 ", _sender.OpenReply(voiceBody).Element("Content")!.Value);
        Assert.Equal("probe voice", host.Probe.LastFor(openId)!.Text);
    }

    [Fact]
    public async Task ContactMenuClickAnswersWithTheSchoolsContact()
    {
        var (_, body) = await SendAsync(_sender.Mp("test", EventXml(NewOpenId(), "gh_test", "CLICK", "CONTACT")));

        Assert.Contains("电话", _sender.OpenReply(body).Element("Content")!.Value);
    }

    [Fact]
    public async Task IdenticalRetryGetsTheIdenticalReplyAndTheTurnRunsOnce()
    {
        var openId = NewOpenId();
        var request = _sender.Mp("test", TextXml(openId, "gh_test", "probe once", NextMsgId()), openId: openId);
        var retry = await CloneAsync(request);
        var secondRetry = await CloneAsync(request);

        var first = await SendAsync(request);
        var second = await SendAsync(retry);
        var third = await SendAsync(secondRetry);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Body, third.Body);
        Assert.Equal(1, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task RetryWithAFreshNonceIsStillTheSameMessage()
    {
        var openId = NewOpenId();
        var xml = TextXml(openId, "gh_test", "probe renonce", NextMsgId());

        var first = await SendAsync(_sender.Mp("test", xml));
        var second = await SendAsync(_sender.Mp("test", xml));

        Assert.Equal(first.Body, second.Body);
        Assert.Equal(1, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task SubscribeAndClickInTheSameSecondAreTwoTurns()
    {
        var openId = NewOpenId();
        var time = Now;

        var (_, welcome) = await SendAsync(_sender.Mp("test", EventXml(openId, "gh_test", "subscribe", createTime: time)));
        var (_, contact) = await SendAsync(_sender.Mp("test", EventXml(openId, "gh_test", "CLICK", "CONTACT", createTime: time)));

        Assert.NotEqual(_sender.OpenReply(welcome).Element("Content")!.Value, _sender.OpenReply(contact).Element("Content")!.Value);
    }

    /// <summary>The request with only its URL <c>signature</c> changed; <c>msg_signature</c> (if any) stays valid.</summary>
    private static HttpRequestMessage WithUrlSignature(HttpRequestMessage request, string signature)
    {
        var uri = request.RequestUri!.ToString();
        var query = uri[(uri.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&');
        Assert.StartsWith("signature=", query[0], StringComparison.Ordinal);
        query[0] = "signature=" + signature;
        return new HttpRequestMessage(HttpMethod.Post, uri[..(uri.IndexOf('?', StringComparison.Ordinal) + 1)] + string.Join('&', query)) { Content = request.Content };
    }

    [Fact]
    public async Task TamperedSignaturesAreRefusedAndNothingIsProcessed()
    {
        var openId = NewOpenId();
        var request = _sender.Mp("test", TextXml(openId, "gh_test", "probe tampered", NextMsgId()));
        var uri = request.RequestUri!.ToString();
        var badMsgSignature = await CloneAsync(request);
        badMsgSignature.RequestUri = new Uri(uri.Replace("msg_signature=", "msg_signature=ff", StringComparison.Ordinal)[..^2], UriKind.Relative);
        // Only the URL signature wrong: msg_signature still matches the body, so this is the plain check on its own.
        var badSignature = WithUrlSignature(await CloneAsync(request), new string('0', 40));

        Assert.Contains("msg_signature=", badSignature.RequestUri!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(badSignature)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(badMsgSignature)).Status);
        Assert.Equal(0, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task ForgedPlaintextPostIsRefused()
    {
        // A plaintext account has no msg_signature: the URL signature is all that stands between a forger and a turn.
        var openId = NewOpenId();
        var genuine = _sender.Mp("plain", TextXml(openId, "gh_test", "probe forged", NextMsgId()), mode: "raw");
        var forged = WithUrlSignature(genuine, Sha1("not-the-token", "1", "2"));

        var (status, _) = await SendAsync(forged);

        Assert.DoesNotContain("msg_signature", forged.RequestUri!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(0, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task TamperedEncryptIsRefused()
    {
        var openId = NewOpenId();
        var request = _sender.Mp("test", TextXml(openId, "gh_test", "probe tampered body", NextMsgId()));
        var body = await request.Content!.ReadAsStringAsync();
        var encrypt = XElement.Parse(body).Element("Encrypt")!.Value;
        request.Content = new StringContent(body.Replace(encrypt, encrypt[..10] + (encrypt[10] == 'A' ? 'B' : 'A') + encrypt[11..], StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(request)).Status);
        Assert.Equal(0, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task StaleTimestampIsRefused()
    {
        var openId = NewOpenId();
        var stale = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 301).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (status, _) = await SendAsync(_sender.Mp("test", TextXml(openId, "gh_test", "probe stale", NextMsgId()), timestamp: stale));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(0, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task NonceReplayedWithAnotherMessageIsRefused()
    {
        var openId = NewOpenId();
        var timestamp = Now;
        var nonce = NewNonce();

        var first = await SendAsync(_sender.Mp("test", TextXml(openId, "gh_test", "probe first", NextMsgId()), timestamp: timestamp, nonce: nonce));
        var replay = await SendAsync(_sender.Mp("test", TextXml(openId, "gh_test", "probe injected", NextMsgId()), timestamp: timestamp, nonce: nonce));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.Forbidden, replay.Status);
        Assert.Equal(1, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task ACapturedSafeModeRequestWithItsBodySwappedIsRefused()
    {
        var openId = NewOpenId();
        var timestamp = Now;
        var nonce = NewNonce();
        using var captured = _sender.Mp("test", TextXml(openId, "gh_test", "probe genuine", NextMsgId()), timestamp: timestamp, nonce: nonce);
        using var other = _sender.Mp("test", TextXml(openId, "gh_test", "probe injected", NextMsgId()), timestamp: Now, nonce: NewNonce());
        var first = await SendAsync(captured);

        // The captured URL (signature, msg_signature) with another encrypted body: msg_signature does not cover it.
        using var swapped = new HttpRequestMessage(HttpMethod.Post, captured.RequestUri) { Content = new StringContent(await other.Content!.ReadAsStringAsync(), Encoding.UTF8, "text/xml") };
        var (status, _) = await SendAsync(swapped);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(1, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task PlaintextNonceReplayWithAnotherBodyIsRefused()
    {
        // In plaintext mode the signature does not cover the body: only the nonce cache stops a swapped body.
        var openId = NewOpenId();
        var timestamp = Now;
        var nonce = NewNonce();

        await SendAsync(_sender.Mp("plain", TextXml(openId, "gh_test", "probe a", NextMsgId()), mode: "raw", timestamp: timestamp, nonce: nonce));
        var (status, _) = await SendAsync(_sender.Mp("plain", TextXml(openId, "gh_test", "probe b", NextMsgId()), mode: "raw", timestamp: timestamp, nonce: nonce));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(1, host.Probe.CountFor(openId));
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("aes")]
    public async Task ExternalEntityIsABadRequest(string mode)
    {
        var xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + $"<xml><ToUserName>gh_test</ToUserName><FromUserName>o-xxe</FromUserName><CreateTime>{Now}</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>{NextMsgId()}</MsgId></xml>";

        var (status, body) = await SendAsync(_sender.Mp(mode == "raw" ? "plain" : "test", xxe, mode: mode));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain("root:", body);
    }

    [Fact]
    public async Task TruncatedBodyIsABadRequest()
    {
        var request = _sender.Mp("test", TextXml(NewOpenId(), "gh_test", "probe", NextMsgId()));
        var body = await request.Content!.ReadAsStringAsync();
        request.Content = new StringContent(body[..(body.Length / 2)]);

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(request)).Status);
    }

    [Fact]
    public async Task TwoMegabyteBodyIsTooLarge()
    {
        var request = _sender.Mp("plain", TextXml(NewOpenId(), "gh_test", new string('x', 2 * 1024 * 1024), NextMsgId()), mode: "raw");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await SendAsync(request)).Status);
    }

    [Fact]
    public async Task TwoMegabyteBodyWithoutContentLengthIsTooLarge()
    {
        var request = _sender.Mp("plain", "<xml>" + new string('x', 2 * 1024 * 1024) + "</xml>", mode: "raw");
        var stream = new MemoryStream(await request.Content!.ReadAsByteArrayAsync());
        request.Content = new StreamContent(new NonSeekable(stream));
        request.Headers.TransferEncodingChunked = true;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await SendAsync(request)).Status);
    }

    [Fact]
    public async Task UnknownAccountIsNotFound()
    {
        var request = _sender.Mp("nobody", TextXml(NewOpenId(), "gh_test", "x", NextMsgId()));

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(request)).Status);
    }

    [Theory]
    [InlineData("/wechat/mp/test")]
    [InlineData("/wechat/mp/test?signature=x&timestamp=1")]
    [InlineData("/wechat/mp/test?signature=x&timestamp=abc&nonce=1")]
    public async Task MissingOrGarbledParametersAreRefusedWithout5xx(string url)
    {
        using var response = await _client.PostAsync(url, new StringContent("<xml/>"));

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task SlowTurnIsAcknowledgedThenAnsweredByCustomerServiceMessage()
    {
        var openId = NewOpenId();
        var request = _sender.Mp("test", TextXml(openId, "gh_test", "probe slow", NextMsgId()), openId: openId);
        var retry = await CloneAsync(request);

        var (status, body) = await SendAsync(request);
        var (retryStatus, retryBody) = await SendAsync(retry);

        // "success" is the acknowledgement the webhook gives only when its budget ran out before the answer.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", body);
        Assert.Equal(HttpStatusCode.OK, retryStatus);
        Assert.Equal("success", retryBody);
        Assert.True(await host.EventuallyAsync(() => host.Api.Posts.Any(p => p.Body.Contains(openId, StringComparison.Ordinal))));
        // A marker: another slow turn, started after both deliveries were answered. Once its late reply has arrived, any
        // second reply to the first message (which finished a whole turn earlier) would have arrived too.
        var marker = NewOpenId();
        Assert.Equal("success", (await SendAsync(_sender.Mp("test", TextXml(marker, "gh_test", "probe slow", NextMsgId()), openId: marker))).Body);
        Assert.True(await host.EventuallyAsync(() => host.Api.Posts.Any(p => p.Body.Contains(marker, StringComparison.Ordinal))));
        var sent = Assert.Single(host.Api.Posts, p => p.Body.Contains(openId, StringComparison.Ordinal));
        Assert.Equal("/cgi-bin/message/custom/send", sent.Path);
        Assert.Equal("probe#1 ", FakeWeChatApi.Json(sent).GetProperty("text").GetProperty("content").GetString());
        Assert.Equal(1, host.Probe.CountFor(openId));
    }

    [Fact]
    public async Task LongAnswerIsCutForThePassiveReplyAndTheRestFollows()
    {
        var openId = NewOpenId();

        var (_, body) = await SendAsync(_sender.Mp("test", TextXml(openId, "gh_test", "probe long", NextMsgId()), openId: openId));

        var first = _sender.OpenReply(body).Element("Content")!.Value;
        Assert.Equal(682, first.Length);
        Assert.True(await host.EventuallyAsync(() => host.Api.Posts.Any(p => p.Body.Contains(openId, StringComparison.Ordinal))));
        var rest = FakeWeChatApi.Json(host.Api.Posts.Single(p => p.Body.Contains(openId, StringComparison.Ordinal))).GetProperty("text").GetProperty("content").GetString();
        Assert.Equal(1000 - 682, rest!.Length);
    }

    [Fact]
    public async Task UnsubscribeForgetsTheConversationAndTheBindingAndAnswersSuccess()
    {
        var openId = NewOpenId();
        await SendAsync(_sender.Mp("test", TextXml(openId, "gh_test", "probe remember me", NextMsgId())));
        var state = host.Host.Services.GetRequiredService<ISharedState>();
        var records = host.Host.Services.GetRequiredService<Clearance.Integrations.Records.BindingStore>();
        await records.BindConversationAsync($"mp:test:{openId}", "cqu", "20260001", CancellationToken.None);
        Assert.NotNull(await state.GetAsync($"conv:mp:test:{openId}"));

        var (status, body) = await SendAsync(_sender.Mp("test", EventXml(openId, "gh_test", "unsubscribe")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", body);
        Assert.Null(await state.GetAsync($"conv:mp:test:{openId}"));
        Assert.Null(await records.FindBindingAsync($"mp:test:{openId}", CancellationToken.None));
    }

    [Fact]
    public async Task CreateTimeBeyondTheCalendarIsNotAServerError()
    {
        var openId = NewOpenId();

        var (status, body) = await SendAsync(_sender.Mp("plain", TextXml(openId, "gh_test", "probe far future", NextMsgId(), createTime: "99999999999999"), mode: "raw"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("probe#1 ", XElement.Parse(body).Element("Content")!.Value);
    }

    [Fact]
    public async Task TemplateDeliveryReceiptIsAcknowledgedWithoutATurn()
    {
        var openId = NewOpenId();

        var (status, body) = await SendAsync(_sender.Mp("test", EventXml(openId, "gh_test", "TEMPLATESENDJOBFINISH")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", body);
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
