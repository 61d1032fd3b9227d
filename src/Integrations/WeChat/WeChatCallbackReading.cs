using System.Globalization;

namespace Clearance.Integrations.WeChat;

/// <summary>Why a callback was not opened; the host answers it in protocol form (status and a short reason).</summary>
public enum CallbackRefusalKind
{
    /// <summary>400: missing fields, bad XML, undecryptable.</summary>
    Malformed,
    /// <summary>401: a signature does not hold.</summary>
    Unauthenticated,
    /// <summary>403: authentic but not for us now (stale, another receiver, plaintext to an encrypted account).</summary>
    Refused,
    /// <summary>404: no such account or app.</summary>
    UnknownAccount,
}

public sealed record CallbackRefusal(CallbackRefusalKind Kind, string Reason)
{
    public static CallbackRefusal UnknownAccount { get; } = new(CallbackRefusalKind.UnknownAccount, "unknown account");
    public static CallbackRefusal BadSignature { get; } = new(CallbackRefusalKind.Unauthenticated, "invalid signature");
    public static CallbackRefusal Malformed(string why) => new(CallbackRefusalKind.Malformed, why);
    public static CallbackRefusal Refused(string why) => new(CallbackRefusalKind.Refused, why);
}

/// <summary>
/// How the platform hears back about one callback: the acknowledgement that asks for nothing more, a passive text
/// reply inside the response, or a message sent later through the API (customer-service or app message).
/// </summary>
public interface IWeChatReplyChannel
{
    /// <summary><c>success</c> (official account) or the empty body (WeCom).</summary>
    string Acknowledgement { get; }

    /// <summary>One ≤2048-byte text as the response body: reply XML, inside the encrypted envelope when the callback was.</summary>
    string RenderText(string text);

    Task<WeChatResult> SendTextLaterAsync(string text, CancellationToken cancellationToken);
}

/// <summary>An authenticated, decrypted, parsed callback with everything needed to answer it.</summary>
public sealed record OpenedCallback(
    string Channel, string Account, string School, WeChatCallbackEvent Event, string Timestamp, string Nonce,
    IWeChatReplyChannel Reply, TimeSpan ReplyBudget, TimeSpan ReplayWindow);

/// <summary>Either an opened callback or why it was refused.</summary>
public readonly record struct CallbackRead(OpenedCallback? Callback, CallbackRefusal? Refusal)
{
    public static implicit operator CallbackRead(OpenedCallback callback) => new(callback, null);
    public static implicit operator CallbackRead(CallbackRefusal refusal) => new(null, refusal);
}

/// <summary>Either the <c>echostr</c> to answer a URL verification with, or why it was refused.</summary>
public readonly record struct UrlVerification(string? Echo, CallbackRefusal? Refusal)
{
    public static implicit operator UrlVerification(CallbackRefusal refusal) => new(null, refusal);
}

/// <summary>
/// Opens one platform's callbacks (official account or WeCom): verification requests and messages, checked
/// cheapest-first, nothing trusted before its signature holds. The host only reads the body (capped) and routes.
/// </summary>
public interface IWeChatCallbackReader
{
    /// <summary><c>mp</c> or <c>work</c>.</summary>
    string Channel { get; }

    WeChatCallbackOptions Settings { get; }

    bool Knows(string account);

    UrlVerification VerifyUrl(string account, IReadOnlyDictionary<string, string> query);

    CallbackRead Open(string account, IReadOnlyDictionary<string, string> query, ReadOnlySpan<byte> body);
}

/// <summary>
/// What both readers are: a channel name, its callback settings, and its configured accounts (each with its crypto
/// built once, options being validated at start) looked up case-insensitively by the route's name.
/// </summary>
public abstract class WeChatCallbackReader<TAccount>(string channel, WeChatCallbackOptions settings, TimeProvider time, IEnumerable<KeyValuePair<string, TAccount>> accounts)
    : IWeChatCallbackReader
{
    private readonly Dictionary<string, TAccount> _accounts = new(accounts, StringComparer.OrdinalIgnoreCase);

    public string Channel => channel;

    public WeChatCallbackOptions Settings => settings;

    protected TimeProvider Time => time;

    public bool Knows(string account) => _accounts.ContainsKey(account);

    protected bool TryFind(string account, out TAccount found) => _accounts.TryGetValue(account, out found!);

    public abstract UrlVerification VerifyUrl(string account, IReadOnlyDictionary<string, string> query);

    public abstract CallbackRead Open(string account, IReadOnlyDictionary<string, string> query, ReadOnlySpan<byte> body);
}

/// <summary>The steps both platforms share: required fields, the replay window, msg_signature + decryption + inner XML.</summary>
internal static class CallbackSteps
{
    public static bool TryRequire(IReadOnlyDictionary<string, string> query, out string[] values, params string[] names)
    {
        values = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (!query.TryGetValue(names[i], out var value) || value.Length == 0) return false;
            values[i] = value;
        }
        return true;
    }

    public static CallbackRefusal MissingFields(params string[] names) =>
        CallbackRefusal.Malformed(names.Length == 1 ? $"{names[0]} is required" : $"{string.Join(", ", names[..^1])} and {names[^1]} are required");

    /// <summary>True when the signed timestamp is within ± window of our clock.</summary>
    public static bool IsFresh(string timestamp, TimeProvider time, WeChatCallbackOptions settings) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) <= settings.ReplayWindowSeconds;

    /// <summary>
    /// The <c>Encrypt</c> part: its msg_signature, then decryption for this receiver (<paramref name="receiver"/> names
    /// it in the refusal: AppID or CorpID), then the XML inside.
    /// </summary>
    public static (WeChatXmlFields? Fields, CallbackRefusal? Refusal) Decrypt(
        WeChatMessageCrypto crypto, string? msgSignature, string timestamp, string nonce, string encrypt, string receiver, string malformedInside)
    {
        if (!crypto.VerifySignature(msgSignature, timestamp, nonce, encrypt)) return (null, CallbackRefusal.BadSignature);
        var decrypted = crypto.Decrypt(encrypt);
        if (decrypted.Failure == WeChatCryptoFailure.ReceiveIdMismatch) return (null, CallbackRefusal.Refused($"encrypted for another {receiver}"));
        if (!decrypted.IsSuccess) return (null, CallbackRefusal.Malformed("cannot decrypt"));
        return WeChatXml.TryParse(decrypted.Message!) is { } inner ? (inner, null) : (null, CallbackRefusal.Malformed(malformedInside));
    }

    public static long Now(TimeProvider time) => time.GetUtcNow().ToUnixTimeSeconds();

    public static string Text(long seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
