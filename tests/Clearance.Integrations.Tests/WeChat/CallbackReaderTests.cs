using System.Text;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Mp;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Clearance.Integrations.Tests.WeChat.OfficialVectors;

namespace Clearance.Integrations.Tests.WeChat;

/// <summary>Opening callbacks in Integrations, against the protocol sheet's vectors: a parsed callback or a typed refusal.</summary>
public sealed class CallbackReaderTests
{
    private const string CorpId = "wx5823bf96d3bd56c7";
    private static readonly byte[] W1Body = Encoding.UTF8.GetBytes(
        $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><Encrypt><![CDATA[{W1_ENCRYPT}]]></Encrypt><AgentID>218</AgentID></xml>");

    private static readonly Dictionary<string, string> W1Query = new()
    {
        ["msg_signature"] = "477715d11cdb4164915debcba66cb864d751f3e6",
        ["timestamp"] = "1409659813",
        ["nonce"] = "1372623149",
    };

    private static WeComCallbackReader WeCom(DateTimeOffset now, IWeComClient? client = null) => new(
        Options.Create(new WeComOptions
        {
            Apps = { ["app"] = new WeComAppOptions { School = "cqu", CorpId = CorpId, AgentId = 218, Token = "QDG6eK", EncodingAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C" } },
        }),
        client ?? Mock.Of<IWeComClient>(),
        new FakeTimeProvider(now));

    private static MpCallbackReader Mp(string? encodingAesKey = null, DateTimeOffset? now = null) => new(
        Options.Create(new WeChatOptions
        {
            Accounts = { ["official"] = new WeChatAccountOptions { School = "cqu", AppId = "wx0000000000000001", Token = "AAAAA", EncodingAESKey = encodingAesKey } },
        }),
        Mock.Of<IWeChatMpClient>(),
        new FakeTimeProvider(now ?? DateTimeOffset.FromUnixTimeSeconds(1714036504)));

    [Fact]
    public void AWeComMessageOpensAsItsTypedEventForItsAppAndSchool()
    {
        var read = WeCom(DateTimeOffset.FromUnixTimeSeconds(1409659813)).Open("app", W1Query, W1Body);

        Assert.Null(read.Refusal);
        var callback = read.Callback!;
        Assert.Equal(("work", "app", "cqu"), (callback.Channel, callback.Account, callback.School));
        Assert.Equal("hello", Assert.IsType<TextMessageEvent>(callback.Event).Content);
        Assert.Equal("", callback.Reply.Acknowledgement);
    }

    [Fact]
    public async Task AWeComReplyLaterGoesToTheSenderThroughTheAppsClient()
    {
        var client = new Mock<IWeComClient>();
        client.Setup(c => c.SendTextAsync("app", "mycreate", "later", It.IsAny<CancellationToken>())).ReturnsAsync(WeChatResult.Ok);
        var callback = WeCom(DateTimeOffset.FromUnixTimeSeconds(1409659813), client.Object).Open("app", W1Query, W1Body).Callback!;

        await callback.Reply.SendTextLaterAsync("later", CancellationToken.None);

        client.Verify(c => c.SendTextAsync("app", "mycreate", "later", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("msg_signature", "477715d11cdb4164915debcba66cb864d751f3e7", CallbackRefusalKind.Unauthenticated)]
    [InlineData("timestamp", "1409663413", CallbackRefusalKind.Unauthenticated)]
    [InlineData("nonce", "", CallbackRefusalKind.Malformed)]
    public void AWeComMessageWithATamperedOrMissingFieldIsRefused(string field, string value, CallbackRefusalKind expected)
    {
        var query = new Dictionary<string, string>(W1Query);
        if (value.Length == 0) query.Remove(field);
        else query[field] = value;

        var read = WeCom(DateTimeOffset.FromUnixTimeSeconds(1409659813)).Open("app", query, W1Body);

        Assert.Null(read.Callback);
        Assert.Equal(expected, read.Refusal!.Kind);
    }

    [Fact]
    public void AnAuthenticWeComMessageOutsideTheReplayWindowIsRefused()
    {
        var read = WeCom(DateTimeOffset.FromUnixTimeSeconds(1409659813 + 3600)).Open("app", W1Query, W1Body);

        Assert.Equal(new CallbackRefusal(CallbackRefusalKind.Refused, "stale timestamp"), read.Refusal);
    }

    [Fact]
    public void AWeComUrlVerificationAnswersTheDecryptedEchostr()
    {
        var query = new Dictionary<string, string>
        {
            ["msg_signature"] = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", ["timestamp"] = "1409659589", ["nonce"] = "263014780", ["echostr"] = W2_ECHO,
        };

        Assert.Equal(new UrlVerification("1616140317555161061", null), WeCom(DateTimeOffset.FromUnixTimeSeconds(1409659589)).VerifyUrl("app", query));
    }

    [Fact]
    public void AnAuthenticWeComUrlVerificationOutsideTheReplayWindowIsRefused()
    {
        var query = new Dictionary<string, string>
        {
            ["msg_signature"] = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", ["timestamp"] = "1409659589", ["nonce"] = "263014780", ["echostr"] = W2_ECHO,
        };

        var read = WeCom(DateTimeOffset.FromUnixTimeSeconds(1409659589 + 3600)).VerifyUrl("app", query);

        Assert.Equal(new CallbackRefusal(CallbackRefusalKind.Refused, "stale timestamp"), read.Refusal);
        Assert.Null(read.Echo);
    }

    [Fact]
    public void AnAuthenticOfficialAccountUrlVerificationOutsideTheReplayWindowIsRefused()
    {
        var query = new Dictionary<string, string>
        {
            ["signature"] = "f464b24fc39322e44b38aa78f5edd27bd1441696", ["timestamp"] = "1714036504", ["nonce"] = "1514711492", ["echostr"] = "4375120948345356249",
        };

        var read = Mp(now: DateTimeOffset.FromUnixTimeSeconds(1714036504 + 3600)).VerifyUrl("official", query);

        Assert.Equal(new CallbackRefusal(CallbackRefusalKind.Refused, "stale timestamp"), read.Refusal);
        Assert.Null(read.Echo);
    }

    [Fact]
    public void AnOfficialAccountUrlVerificationAnswersTheEchostrVerbatim()
    {
        var query = new Dictionary<string, string>
        {
            ["signature"] = "f464b24fc39322e44b38aa78f5edd27bd1441696", ["timestamp"] = "1714036504", ["nonce"] = "1514711492", ["echostr"] = "4375120948345356249",
        };

        Assert.Equal(new UrlVerification("4375120948345356249", null), Mp().VerifyUrl("official", query));
    }

    [Fact]
    public void APlaintextCallbackToAnAccountWithAKeyIsRefused()
    {
        var query = new Dictionary<string, string> { ["signature"] = "f464b24fc39322e44b38aa78f5edd27bd1441696", ["timestamp"] = "1714036504", ["nonce"] = "1514711492" };
        var body = "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1714036504</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>"u8;

        var plain = Mp().Open("official", query, body);
        var refused = Mp(encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").Open("official", query, body);

        Assert.Equal("hi", Assert.IsType<TextMessageEvent>(plain.Callback!.Event).Content);
        Assert.Equal("success", plain.Callback.Reply.Acknowledgement);
        Assert.Equal(CallbackRefusalKind.Refused, refused.Refusal!.Kind);
    }

    [Fact]
    public void AnUnknownAccountIsRefusedBeforeAnythingElse()
    {
        Assert.Equal(CallbackRefusal.UnknownAccount, Mp().Open("nobody", new Dictionary<string, string>(), []).Refusal);
        Assert.Equal(CallbackRefusal.UnknownAccount, WeCom(DateTimeOffset.UnixEpoch).VerifyUrl("nobody", new Dictionary<string, string>()).Refusal);
    }
}
