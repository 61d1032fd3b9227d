using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Clearance.Integrations.WeChat;
using Clearance.Integrations.WeChat.Mp;
using Clearance.Integrations.WeChat.Work;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Clearance.Integrations.Tests.WeChat;

/// <summary>
/// Each check an inbound callback goes through, on its own: one field wrong at a time, everything else authentic, and
/// the refusal (kind and reason) that step gives. Requests are signed and encrypted here with the platform's formulas
/// written out (<see cref="Sender"/>), not with the product's crypto, so a fault there cannot make both sides agree.
/// </summary>
public sealed class CallbackCheckSequenceTests
{
    private const string Token = "check-sequence-token";
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string OtherAesKey = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210abcdefg";
    private const string AppId = "wx00000000000000aa";
    private const string CorpId = "ww00000000000000bb";
    private const long Now = 1_780_000_000;
    private const string Nonce = "n0nce";

    private static readonly string Stamp = Now.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Inner(string content, string to = "gh_school") =>
        $"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[o-student]]></FromUserName><CreateTime>{Now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>42</MsgId></xml>";

    private static MpCallbackReader Mp(string? aesKey = null, bool acceptPlaintext = false, long now = Now, IWeChatMpClient? client = null) => new(
        Options.Create(new WeChatOptions
        {
            Accounts = { ["School-MP"] = new WeChatAccountOptions { School = "cqu", AppId = AppId, Token = Token, EncodingAESKey = aesKey, AcceptPlaintext = acceptPlaintext } },
        }),
        client ?? Mock.Of<IWeChatMpClient>(),
        new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now)));

    private static WeComCallbackReader WeCom(long now = Now) => new(
        Options.Create(new WeComOptions
        {
            Apps = { ["app"] = new WeComAppOptions { School = "bjtu", CorpId = CorpId, AgentId = 7, Token = Token, EncodingAESKey = AesKey } },
        }),
        Mock.Of<IWeComClient>(),
        new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now)));

    private static Dictionary<string, string> MpQuery(string timestamp = "", string? signature = null)
    {
        timestamp = timestamp.Length == 0 ? Stamp : timestamp;
        return new() { ["signature"] = signature ?? Sender.Sign(Token, timestamp, Nonce), ["timestamp"] = timestamp, ["nonce"] = Nonce };
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    // ---- official account, plaintext ---------------------------------------------------------------------------------

    [Fact]
    public void APlaintextPostWithAForgedSignatureIsUnauthenticatedThoughEverythingElseHolds()
    {
        var forged = MpQuery(signature: Sender.Sign("not-the-token", Stamp, Nonce));

        Assert.Equal(CallbackRefusal.BadSignature, Mp().Open("School-MP", forged, Utf8(Inner("hi"))).Refusal);
        Assert.Equal("hi", Assert.IsType<TextMessageEvent>(Mp().Open("School-MP", MpQuery(), Utf8(Inner("hi"))).Callback!.Event).Content);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("timestamp")]
    [InlineData("nonce")]
    public void AMissingOrEmptyFieldNamesAllTheRequiredOnes(string field)
    {
        var missing = MpQuery();
        missing.Remove(field);
        var empty = MpQuery();
        empty[field] = "";

        var expected = CallbackRefusal.Malformed("signature, timestamp and nonce are required");
        Assert.Equal(expected, Mp().Open("School-MP", missing, Utf8(Inner("hi"))).Refusal);
        Assert.Equal(expected, Mp().Open("School-MP", empty, Utf8(Inner("hi"))).Refusal);
    }

    [Fact]
    public void TheReplayWindowHoldsBothWaysAndIncludesItsEdge()
    {
        // The default window is 300 s either side of our clock.
        Assert.Null(Mp(now: Now + 300).Open("School-MP", MpQuery(), Utf8(Inner("hi"))).Refusal);
        Assert.Null(Mp(now: Now - 300).Open("School-MP", MpQuery(), Utf8(Inner("hi"))).Refusal);
        var stale = CallbackRefusal.Refused("stale timestamp");
        Assert.Equal(stale, Mp(now: Now + 301).Open("School-MP", MpQuery(), Utf8(Inner("hi"))).Refusal);
        Assert.Equal(stale, Mp(now: Now - 301).Open("School-MP", MpQuery(), Utf8(Inner("hi"))).Refusal);
    }

    [Theory]
    [InlineData("-1780000000")]
    [InlineData("1780000000.0")]
    [InlineData(" 1780000000")]
    [InlineData("soon")]
    public void ASignedTimestampThatIsNotAPlainNumberIsStale(string timestamp)
    {
        var read = Mp().Open("School-MP", MpQuery(timestamp), Utf8(Inner("hi")));

        Assert.Equal(CallbackRefusal.Refused("stale timestamp"), read.Refusal);
    }

    [Fact]
    public void AccountNamesAreMatchedWithoutRegardToCase()
    {
        Assert.True(Mp().Knows("school-mp"));
        Assert.False(Mp().Knows("school"));
        var callback = Mp().Open("SCHOOL-MP", MpQuery(), Utf8(Inner("hi"))).Callback!;
        Assert.Equal(("mp", "SCHOOL-MP", "cqu"), (callback.Channel, callback.Account, callback.School));
    }

    [Fact]
    public void AnOpenedCallbackCarriesItsTimestampNonceAndTheChannelsBudgets()
    {
        var reader = Mp();
        var callback = reader.Open("School-MP", MpQuery(), Utf8(Inner("hi"))).Callback!;

        Assert.Equal((Stamp, Nonce), (callback.Timestamp, callback.Nonce));
        Assert.Equal(TimeSpan.FromSeconds(300), callback.ReplayWindow);
        Assert.Equal(TimeSpan.FromMilliseconds(4_000), callback.ReplyBudget);
        Assert.Equal("mp", reader.Channel);
        Assert.Same(reader.Settings, reader.Settings);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("RAW")]
    public void EncryptTypeRawIsPlaintextInAnyCase(string encryptType)
    {
        var query = MpQuery();
        query["encrypt_type"] = encryptType;

        Assert.Equal("hi", Assert.IsType<TextMessageEvent>(Mp().Open("School-MP", query, Utf8(Inner("hi"))).Callback!.Event).Content);
    }

    [Fact]
    public void AnEncryptTypeOtherThanRawOrAesIsMalformed()
    {
        var query = MpQuery();
        query["encrypt_type"] = "des";

        Assert.Equal(CallbackRefusal.Malformed("encrypt_type must be raw or aes"), Mp().Open("School-MP", query, Utf8(Inner("hi"))).Refusal);
    }

    [Fact]
    public void AKeyedAccountTakesPlaintextOnlyWhenItSaysSo()
    {
        var refused = Mp(AesKey).Open("School-MP", MpQuery(), Utf8(Inner("hi")));
        var accepted = Mp(AesKey, acceptPlaintext: true).Open("School-MP", MpQuery(), Utf8(Inner("hi")));

        Assert.Equal(CallbackRefusal.Refused("plaintext callback refused: this account is configured for encrypted mode"), refused.Refusal);
        Assert.Equal("hi", Assert.IsType<TextMessageEvent>(accepted.Callback!.Event).Content);
    }

    [Fact]
    public void ABodyThatIsNotXmlOrNotACallbackIsMalformed()
    {
        Assert.Equal(CallbackRefusal.Malformed("malformed XML"), Mp().Open("School-MP", MpQuery(), Utf8("<xml><Content>hi")).Refusal);
        Assert.Equal(CallbackRefusal.Malformed("not a WeChat callback"), Mp().Open("School-MP", MpQuery(), Utf8("<xml><Content>hi</Content></xml>")).Refusal);
    }

    [Fact]
    public async Task APlaintextReplyIsTextXmlBackToTheSenderAndLaterRepliesGoThroughTheClient()
    {
        var client = new Mock<IWeChatMpClient>();
        client.Setup(c => c.SendTextAsync("School-MP", "o-student", "later", It.IsAny<CancellationToken>())).ReturnsAsync(WeChatResult.Ok);
        var callback = Mp(client: client.Object).Open("School-MP", MpQuery(), Utf8(Inner("hi"))).Callback!;

        var reply = WeChatXml.TryParse(callback.Reply.RenderText("你好"))!;
        await callback.Reply.SendTextLaterAsync("later", CancellationToken.None);

        Assert.Equal("success", callback.Reply.Acknowledgement);
        Assert.Equal(("o-student", "gh_school", "text", "你好", Stamp), (reply["ToUserName"], reply["FromUserName"], reply["MsgType"], reply["Content"], reply["CreateTime"]));
        client.Verify(c => c.SendTextAsync("School-MP", "o-student", "later", It.IsAny<CancellationToken>()), Times.Once);
    }

    // ---- official account, compatible and safe mode ------------------------------------------------------------------

    private static (Dictionary<string, string> Query, byte[] Body) Encrypted(
        string inner, string receiveId = AppId, string key = AesKey, string? msgSignatureOver = null, string plainContent = "")
    {
        var encrypt = Sender.Encrypt(key, receiveId, inner);
        var query = MpQuery();
        query["encrypt_type"] = "aes";
        query["msg_signature"] = Sender.Sign(Token, Stamp, Nonce, msgSignatureOver ?? encrypt);
        var plain = plainContent.Length > 0 ? $"<FromUserName>o-forger</FromUserName><MsgType>text</MsgType><Content>{plainContent}</Content>" : "";
        return (query, Utf8($"<xml><ToUserName><![CDATA[gh_school]]></ToUserName>{plain}<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"));
    }

    [Fact]
    public void CompatibleModeTrustsOnlyTheEncryptedPartNotThePlainFieldsBesideIt()
    {
        var (query, body) = Encrypted(Inner("真的"), plainContent: "forged");

        var callback = Mp(AesKey).Open("School-MP", query, body).Callback!;

        Assert.Equal("真的", Assert.IsType<TextMessageEvent>(callback.Event).Content);
        Assert.Equal("o-student", callback.Event.FromUserName);
    }

    [Fact]
    public void AnEncryptedPostWithAForgedMsgSignatureIsUnauthenticated()
    {
        var (query, body) = Encrypted(Inner("hi"), msgSignatureOver: "something else");
        var (_, unsigned) = Encrypted(Inner("hi"));
        var withoutSignature = new Dictionary<string, string>(query);
        withoutSignature.Remove("msg_signature");

        Assert.Equal(CallbackRefusal.BadSignature, Mp(AesKey).Open("School-MP", query, body).Refusal);
        Assert.Equal(CallbackRefusal.BadSignature, Mp(AesKey).Open("School-MP", withoutSignature, unsigned).Refusal);
    }

    [Fact]
    public void AesModeToAnAccountWithoutAKeyIsMalformed()
    {
        var (query, body) = Encrypted(Inner("hi"));

        Assert.Equal(CallbackRefusal.Malformed("this account has no EncodingAESKey configured"), Mp().Open("School-MP", query, body).Refusal);
    }

    [Theory]
    [InlineData("<xml><ToUserName>gh_school</ToUserName></xml>")]
    [InlineData("<xml><ToUserName>gh_school</ToUserName><Encrypt></Encrypt></xml>")]
    public void AesModeWithoutAnEncryptPartIsMalformed(string body)
    {
        var query = MpQuery();
        query["encrypt_type"] = "aes";
        query["msg_signature"] = Sender.Sign(Token, Stamp, Nonce, "");

        Assert.Equal(CallbackRefusal.Malformed("Encrypt is missing"), Mp(AesKey).Open("School-MP", query, Utf8(body)).Refusal);
    }

    [Fact]
    public void AMessageEncryptedForAnotherAppIdIsRefusedAndNamesTheAppId()
    {
        var (query, body) = Encrypted(Inner("hi"), receiveId: "wx-someone-else");

        Assert.Equal(CallbackRefusal.Refused("encrypted for another AppID"), Mp(AesKey).Open("School-MP", query, body).Refusal);
    }

    [Fact]
    public void ASignedEncryptPartThatDoesNotDecryptOrHoldsNoXmlIsMalformed()
    {
        var (wrongKeyQuery, wrongKeyBody) = Encrypted(Inner("hi"), key: OtherAesKey);
        var (notXmlQuery, notXmlBody) = Encrypted("just text");
        var (notCallbackQuery, notCallbackBody) = Encrypted("<xml><Content>hi</Content></xml>");

        // A wrong key decrypts to noise: the length or the padding no longer holds.
        Assert.Equal(CallbackRefusalKind.Malformed, Mp(AesKey).Open("School-MP", wrongKeyQuery, wrongKeyBody).Refusal!.Kind);
        Assert.Equal(CallbackRefusal.Malformed("malformed XML inside Encrypt"), Mp(AesKey).Open("School-MP", notXmlQuery, notXmlBody).Refusal);
        Assert.Equal(CallbackRefusal.Malformed("not a WeChat callback"), Mp(AesKey).Open("School-MP", notCallbackQuery, notCallbackBody).Refusal);
    }

    [Fact]
    public void AnEncryptedCallbackIsAnsweredInsideASignedEnvelopeThatDecryptsToTheReply()
    {
        var (query, body) = Encrypted(Inner("hi"));
        var callback = Mp(AesKey).Open("School-MP", query, body).Callback!;

        var envelope = WeChatXml.TryParse(callback.Reply.RenderText("答复"))!;

        Assert.Equal((Stamp, Nonce), (envelope["TimeStamp"], envelope["Nonce"]));
        Assert.Equal(Sender.Sign(Token, Stamp, Nonce, envelope["Encrypt"]!), envelope["MsgSignature"]);
        var (message, receiveId) = Sender.Decrypt(AesKey, envelope["Encrypt"]!);
        Assert.Equal(AppId, receiveId);
        var reply = WeChatXml.TryParse(message)!;
        Assert.Equal(("o-student", "gh_school", "答复"), (reply["ToUserName"], reply["FromUserName"], reply["Content"]));
    }

    // ---- official account, URL verification -------------------------------------------------------------------------

    [Fact]
    public void AnMpUrlVerificationNeedsAllFourFieldsAndTheTokensSignature()
    {
        var query = MpQuery();
        query["echostr"] = "echo-123";
        var forged = new Dictionary<string, string>(query) { ["signature"] = Sender.Sign("not-the-token", Stamp, Nonce) };
        var noEcho = new Dictionary<string, string>(query);
        noEcho.Remove("echostr");

        Assert.Equal(new UrlVerification("echo-123", null), Mp().VerifyUrl("School-MP", query));
        Assert.Equal(CallbackRefusal.BadSignature, Mp().VerifyUrl("School-MP", forged).Refusal);
        Assert.Equal(CallbackRefusal.Malformed("signature, timestamp, nonce and echostr are required"), Mp().VerifyUrl("School-MP", noEcho).Refusal);
        Assert.Equal(CallbackRefusal.UnknownAccount, Mp().VerifyUrl("nobody", query).Refusal);
    }

    // ---- WeCom -------------------------------------------------------------------------------------------------------

    private static (Dictionary<string, string> Query, byte[] Body) WeComMessage(string inner, string receiveId = CorpId, string key = AesKey)
    {
        var encrypt = Sender.Encrypt(key, receiveId, inner);
        var query = new Dictionary<string, string> { ["msg_signature"] = Sender.Sign(Token, Stamp, Nonce, encrypt), ["timestamp"] = Stamp, ["nonce"] = Nonce };
        return (query, Utf8($"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID>7</AgentID></xml>"));
    }

    [Fact]
    public void AWeComMessageOpensWithItsAppSchoolAndAnEncryptedReplyFromTheCorp()
    {
        var (query, body) = WeComMessage(Inner("在吗", to: CorpId));
        var callback = WeCom().Open("app", query, body).Callback!;

        Assert.Equal(("work", "bjtu", "在吗"), (callback.Channel, callback.School, Assert.IsType<TextMessageEvent>(callback.Event).Content));
        Assert.Equal((Stamp, Nonce), (callback.Timestamp, callback.Nonce));
        var envelope = WeChatXml.TryParse(callback.Reply.RenderText("好的"))!;
        Assert.Equal(Sender.Sign(Token, Stamp, Nonce, envelope["Encrypt"]!), envelope["MsgSignature"]);
        var (message, receiveId) = Sender.Decrypt(AesKey, envelope["Encrypt"]!);
        var reply = WeChatXml.TryParse(message)!;
        Assert.Equal((CorpId, "o-student", CorpId, "好的"), (receiveId, reply["ToUserName"], reply["FromUserName"], reply["Content"]));
    }

    [Fact]
    public void WeComRefusesEachBrokenStepWithItsOwnReason()
    {
        var (query, body) = WeComMessage(Inner("hi", to: CorpId));
        var (otherCorpQuery, otherCorpBody) = WeComMessage(Inner("hi", to: CorpId), receiveId: "ww-another-corp");
        var (notXmlQuery, notXmlBody) = WeComMessage("plain words");
        var (notCallbackQuery, notCallbackBody) = WeComMessage("<xml><Content>hi</Content></xml>");
        var noNonce = new Dictionary<string, string>(query);
        noNonce.Remove("nonce");
        var forged = new Dictionary<string, string>(query) { ["msg_signature"] = Sender.Sign("not-the-token", Stamp, Nonce, "x") };

        Assert.Equal(CallbackRefusal.UnknownAccount, WeCom().Open("other", query, body).Refusal);
        Assert.Equal(CallbackRefusal.Malformed("msg_signature, timestamp and nonce are required"), WeCom().Open("app", noNonce, body).Refusal);
        Assert.Equal(CallbackRefusal.Malformed("malformed XML"), WeCom().Open("app", query, Utf8("<xml>")).Refusal);
        Assert.Equal(CallbackRefusal.Malformed("Encrypt is missing"), WeCom().Open("app", query, Utf8("<xml><AgentID>7</AgentID></xml>")).Refusal);
        Assert.Equal(CallbackRefusal.BadSignature, WeCom().Open("app", forged, body).Refusal);
        Assert.Equal(CallbackRefusal.Refused("stale timestamp"), WeCom(Now + 301).Open("app", query, body).Refusal);
        Assert.Null(WeCom(Now - 300).Open("app", query, body).Refusal);
        Assert.Equal(CallbackRefusal.Refused("encrypted for another CorpID"), WeCom().Open("app", otherCorpQuery, otherCorpBody).Refusal);
        Assert.Equal(CallbackRefusal.Malformed("malformed XML inside Encrypt"), WeCom().Open("app", notXmlQuery, notXmlBody).Refusal);
        Assert.Equal(CallbackRefusal.Malformed("malformed XML inside Encrypt"), WeCom().Open("app", notCallbackQuery, notCallbackBody).Refusal);
    }

    private static Dictionary<string, string> WeComVerification(string echo, string receiveId = CorpId, string key = AesKey)
    {
        var echostr = Sender.Encrypt(key, receiveId, echo);
        return new() { ["msg_signature"] = Sender.Sign(Token, Stamp, Nonce, echostr), ["timestamp"] = Stamp, ["nonce"] = Nonce, ["echostr"] = echostr };
    }

    [Fact]
    public void AWeComUrlVerificationTakesAPlusThatQueryDecodingTurnedIntoASpace()
    {
        // Find an echo whose ciphertext has a '+', as a real one often does.
        var query = Enumerable.Range(0, 200).Select(i => WeComVerification($"echo-{i}")).First(q => q["echostr"].Contains('+'));
        var echo = Sender.Decrypt(AesKey, query["echostr"]).Message;
        query["echostr"] = query["echostr"].Replace('+', ' ');

        Assert.Equal(new UrlVerification(echo, null), WeCom().VerifyUrl("app", query));
    }

    [Fact]
    public void AWeComUrlVerificationRefusesEachBrokenStepWithItsOwnReason()
    {
        var good = WeComVerification("echo-1");
        var noEcho = new Dictionary<string, string>(good);
        noEcho.Remove("echostr");
        var forged = new Dictionary<string, string>(good) { ["msg_signature"] = Sender.Sign("not-the-token", Stamp, Nonce, good["echostr"]) };
        var garbage = new Dictionary<string, string>(good) { ["echostr"] = "bm90IGEgY2lwaGVydGV4dA==" };
        garbage["msg_signature"] = Sender.Sign(Token, Stamp, Nonce, garbage["echostr"]);

        Assert.Equal(new UrlVerification("echo-1", null), WeCom().VerifyUrl("app", good));
        Assert.Equal(CallbackRefusal.Malformed("msg_signature, timestamp, nonce and echostr are required"), WeCom().VerifyUrl("app", noEcho).Refusal);
        Assert.Equal(CallbackRefusal.BadSignature, WeCom().VerifyUrl("app", forged).Refusal);
        Assert.Equal(CallbackRefusal.Refused("encrypted for another CorpID"), WeCom().VerifyUrl("app", WeComVerification("echo-1", receiveId: "ww-another")).Refusal);
        Assert.Equal(CallbackRefusal.Malformed("cannot decrypt echostr"), WeCom().VerifyUrl("app", garbage).Refusal);
    }

    /// <summary>The sender's side of the scheme, written from the protocol sheet rather than taken from the product.</summary>
    private static class Sender
    {
        public static string Sign(params string[] parts)
        {
            var sorted = parts.OrderBy(p => p, StringComparer.Ordinal);
            return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
        }

        /// <summary>AES-256-CBC, IV = key[0..16): random(16) ‖ len(msg) big-endian ‖ msg ‖ receiveId, padded PKCS#7-style to 32.</summary>
        public static string Encrypt(string encodingAesKey, string receiveId, string message)
        {
            var key = Convert.FromBase64String(encodingAesKey + "=");
            var msg = Encoding.UTF8.GetBytes(message);
            var id = Encoding.UTF8.GetBytes(receiveId);
            var content = new byte[20 + msg.Length + id.Length];
            RandomNumberGenerator.Fill(content.AsSpan(0, 16));
            BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(16), msg.Length);
            msg.CopyTo(content, 20);
            id.CopyTo(content, 20 + msg.Length);
            var pad = 32 - content.Length % 32;
            var plain = content.Concat(Enumerable.Repeat((byte)pad, pad)).ToArray();
            using var aes = Aes.Create();
            aes.Key = key;
            return Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), PaddingMode.None));
        }

        public static (string Message, string ReceiveId) Decrypt(string encodingAesKey, string encrypt)
        {
            var key = Convert.FromBase64String(encodingAesKey + "=");
            using var aes = Aes.Create();
            aes.Key = key;
            var plain = aes.DecryptCbc(Convert.FromBase64String(encrypt), key.AsSpan(0, 16), PaddingMode.None);
            var content = plain.AsSpan(0, plain.Length - plain[^1]);
            var length = BinaryPrimitives.ReadInt32BigEndian(content[16..]);
            return (Encoding.UTF8.GetString(content.Slice(20, length)), Encoding.UTF8.GetString(content[(20 + length)..]));
        }
    }
}
