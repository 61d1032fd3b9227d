using Microsoft.Extensions.Options;

namespace Clearance.Integrations.WeChat.Mp;

/// <summary>
/// The official account's callbacks in plaintext, compatible and safe mode. Checks run cheapest-first and nothing is
/// trusted before the signature holds: signature → timestamp → mode (an account with a key takes no plaintext) → XML →
/// msg_signature and decryption (receiveid = AppID) → the typed event.
/// </summary>
public sealed class MpCallbackReader(IOptions<WeChatOptions> options, IWeChatMpClient client, TimeProvider time)
    : WeChatCallbackReader<MpCallbackReader.Account>(ChannelName, options.Value, time, options.Value.Accounts.Select(a => KeyValuePair.Create(a.Key, Account.Of(a.Value))))
{
    public const string ChannelName = "mp";

    /// <summary>An account and, when it has an EncodingAESKey (compatible or safe mode), its crypto.</summary>
    public sealed record Account(WeChatAccountOptions Options, WeChatMessageCrypto? Crypto)
    {
        public static Account Of(WeChatAccountOptions o) =>
            new(o, string.IsNullOrEmpty(o.EncodingAESKey) ? null : new WeChatMessageCrypto(o.Token, o.EncodingAESKey, o.AppId));
    }

    /// <summary>The 3-field signature, the timestamp, then <c>echostr</c> back verbatim (the official account never encrypts it).</summary>
    public override UrlVerification VerifyUrl(string account, IReadOnlyDictionary<string, string> query)
    {
        if (!TryFind(account, out var mp)) return CallbackRefusal.UnknownAccount;
        string[] names = ["signature", "timestamp", "nonce", "echostr"];
        if (!CallbackSteps.TryRequire(query, out var v, names)) return CallbackSteps.MissingFields(names);
        if (!WeChatSignature.Matches(v[0], mp.Options.Token, v[1], v[2])) return CallbackRefusal.BadSignature;
        // The same replay window as a message: a captured verification URL must not be replayable forever.
        if (!CallbackSteps.IsFresh(v[1], Time, Settings)) return CallbackRefusal.Refused("stale timestamp");
        return new UrlVerification(v[3], null);
    }

    public override CallbackRead Open(string account, IReadOnlyDictionary<string, string> query, ReadOnlySpan<byte> body)
    {
        if (!TryFind(account, out var mp)) return CallbackRefusal.UnknownAccount;
        string[] names = ["signature", "timestamp", "nonce"];
        if (!CallbackSteps.TryRequire(query, out var v, names)) return CallbackSteps.MissingFields(names);
        var (timestamp, nonce) = (v[1], v[2]);
        if (!WeChatSignature.Matches(v[0], mp.Options.Token, timestamp, nonce)) return CallbackRefusal.BadSignature;
        if (!CallbackSteps.IsFresh(timestamp, Time, Settings)) return CallbackRefusal.Refused("stale timestamp");

        var encryptType = query.GetValueOrDefault("encrypt_type");
        var encrypted = string.Equals(encryptType, "aes", StringComparison.OrdinalIgnoreCase);
        if (!encrypted && encryptType is not null && !string.Equals(encryptType, "raw", StringComparison.OrdinalIgnoreCase))
            return CallbackRefusal.Malformed("encrypt_type must be raw or aes");
        if (!encrypted && mp.Crypto is not null && !mp.Options.AcceptPlaintext)
            return CallbackRefusal.Refused("plaintext callback refused: this account is configured for encrypted mode");

        if (WeChatXml.TryParse(body) is not { } fields) return CallbackRefusal.Malformed("malformed XML");
        if (encrypted)
        {
            // Compatible mode also carries plain fields; only the authenticated Encrypt part is trusted.
            if (mp.Crypto is null) return CallbackRefusal.Malformed("this account has no EncodingAESKey configured");
            if (fields["Encrypt"] is not { Length: > 0 } encrypt) return CallbackRefusal.Malformed("Encrypt is missing");
            var (inner, refusal) = CallbackSteps.Decrypt(mp.Crypto, query.GetValueOrDefault("msg_signature"), timestamp, nonce, encrypt, "AppID", "malformed XML inside Encrypt");
            if (refusal is not null) return refusal;
            fields = inner!;
        }
        if (WeChatCallbackParser.Parse(fields) is not { } callback) return CallbackRefusal.Malformed("not a WeChat callback");
        var reply = new MpReplyChannel(account, mp.Crypto, callback, encrypted, nonce, client, Time);
        return new OpenedCallback(ChannelName, account, mp.Options.School, callback, timestamp, nonce, reply, Settings.ReplyBudget, Settings.ReplayWindow);
    }

    /// <summary>Passive replies as text XML (in the encrypted envelope in compatible and safe mode); later ones as customer-service messages.</summary>
    private sealed class MpReplyChannel(
        string account, WeChatMessageCrypto? crypto, WeChatCallbackEvent callback, bool encrypted, string nonce, IWeChatMpClient client, TimeProvider time)
        : IWeChatReplyChannel
    {
        public string Acknowledgement => "success";

        public string RenderText(string text)
        {
            var now = CallbackSteps.Now(time);
            var xml = new TextMessageReply(callback.FromUserName, callback.ToUserName, now, text).ToXml();
            return encrypted ? crypto!.EncryptReply(xml, CallbackSteps.Text(now), nonce).ToXml() : xml;
        }

        public Task<WeChatResult> SendTextLaterAsync(string text, CancellationToken cancellationToken) =>
            client.SendTextAsync(account, callback.FromUserName, text, cancellationToken);
    }
}
