using Microsoft.Extensions.Options;

namespace Clearance.Integrations.WeChat.Work;

/// <summary>
/// A WeCom app's callbacks, always encrypted. WeCom signs the Encrypt element, so the envelope is parsed first:
/// XML envelope → msg_signature → timestamp → decryption (receiveid = CorpID) → the typed event.
/// </summary>
public sealed class WeComCallbackReader(IOptions<WeComOptions> options, IWeComClient client, TimeProvider time)
    : WeChatCallbackReader<WeComCallbackReader.App>(ChannelName, options.Value, time, options.Value.Apps.Select(a => KeyValuePair.Create(a.Key, App.Of(a.Value))))
{
    public const string ChannelName = "work";

    /// <summary>An app and its crypto (WeCom callbacks are always encrypted; receiveid = CorpID).</summary>
    public sealed record App(WeComAppOptions Options, WeChatMessageCrypto Crypto)
    {
        public static App Of(WeComAppOptions o) => new(o, new WeChatMessageCrypto(o.Token, o.EncodingAESKey, o.CorpId));
    }

    /// <summary>4-field signature over echostr, the timestamp, decrypt, check CorpID, answer the bare plaintext.</summary>
    public override UrlVerification VerifyUrl(string account, IReadOnlyDictionary<string, string> query)
    {
        if (!TryFind(account, out var app)) return CallbackRefusal.UnknownAccount;
        string[] names = ["msg_signature", "timestamp", "nonce", "echostr"];
        if (!CallbackSteps.TryRequire(query, out var v, names)) return CallbackSteps.MissingFields(names);
        // Base64 has no spaces: a '+' that reached us unencoded was turned into one by query decoding.
        var echostr = v[3].Replace(' ', '+');
        if (!app.Crypto.VerifySignature(v[0], v[1], v[2], echostr)) return CallbackRefusal.BadSignature;
        // The same replay window as a message: a captured verification URL must not be replayable forever.
        if (!CallbackSteps.IsFresh(v[1], Time, Settings)) return CallbackRefusal.Refused("stale timestamp");
        var decrypted = app.Crypto.Decrypt(echostr);
        if (decrypted.Failure == WeChatCryptoFailure.ReceiveIdMismatch) return CallbackRefusal.Refused("encrypted for another CorpID");
        if (!decrypted.IsSuccess) return CallbackRefusal.Malformed("cannot decrypt echostr");
        // "不能加引号，不能带bom头，不能带换行符": the plaintext exactly.
        return new UrlVerification(decrypted.Message!, null);
    }

    public override CallbackRead Open(string account, IReadOnlyDictionary<string, string> query, ReadOnlySpan<byte> body)
    {
        if (!TryFind(account, out var app)) return CallbackRefusal.UnknownAccount;
        string[] names = ["msg_signature", "timestamp", "nonce"];
        if (!CallbackSteps.TryRequire(query, out var v, names)) return CallbackSteps.MissingFields(names);
        var (signature, timestamp, nonce) = (v[0], v[1], v[2]);
        if (WeChatXml.TryParse(body) is not { } envelope) return CallbackRefusal.Malformed("malformed XML");
        if (envelope["Encrypt"] is not { Length: > 0 } encrypt) return CallbackRefusal.Malformed("Encrypt is missing");
        if (!app.Crypto.VerifySignature(signature, timestamp, nonce, encrypt)) return CallbackRefusal.BadSignature;
        if (!CallbackSteps.IsFresh(timestamp, Time, Settings)) return CallbackRefusal.Refused("stale timestamp");
        var (inner, refusal) = CallbackSteps.Decrypt(app.Crypto, signature, timestamp, nonce, encrypt, "CorpID", "malformed XML inside Encrypt");
        if (refusal is not null) return refusal;
        if (WeChatCallbackParser.Parse(inner!) is not { } callback) return CallbackRefusal.Malformed("malformed XML inside Encrypt");
        var reply = new WeComReplyChannel(account, app.Options.CorpId, app.Crypto, callback, nonce, client, Time);
        return new OpenedCallback(ChannelName, account, app.Options.School, callback, timestamp, nonce, reply, Settings.ReplyBudget, Settings.ReplayWindow);
    }

    /// <summary>Passive replies always encrypted; later ones as app text messages.</summary>
    private sealed class WeComReplyChannel(
        string app, string corpId, WeChatMessageCrypto crypto, WeChatCallbackEvent callback, string nonce, IWeComClient client, TimeProvider time)
        : IWeChatReplyChannel
    {
        /// <summary>"直接返回200（即以空串为返回包）": WeCom's acknowledgement is an empty body.</summary>
        public string Acknowledgement => "";

        public string RenderText(string text)
        {
            var now = CallbackSteps.Now(time);
            var xml = new TextMessageReply(callback.FromUserName, corpId, now, text).ToXml();
            return crypto.EncryptReply(xml, CallbackSteps.Text(now), nonce).ToXml();
        }

        public Task<WeChatResult> SendTextLaterAsync(string text, CancellationToken cancellationToken) =>
            client.SendTextAsync(app, callback.FromUserName, text, cancellationToken);
    }
}
