using System.Globalization;
using Clearance.Integrations.WeChat;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// Builds safe-mode (encrypted) official-account callbacks the way WeChat sends them, and reads the passive reply.
/// (No shared webhook test helper existed when these tests were written; replace with it once there is one.)
/// </summary>
public sealed class MpCallback(string account, string appId, string token, string encodingAesKey)
{
    public const string TestAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private readonly WeChatMessageCrypto _crypto = new(token, encodingAesKey, appId);

    public static MpCallback ForCqu() => new("cqu", "wx5823bf96d3bd56c7", "QDG6eK", TestAesKey);

    /// <summary>The WeChat settings an instance needs to accept these callbacks.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"WeChat:Accounts:{account}:School"] = "cqu",
        [$"WeChat:Accounts:{account}:AppId"] = appId,
        [$"WeChat:Accounts:{account}:Token"] = token,
        [$"WeChat:Accounts:{account}:EncodingAESKey"] = encodingAesKey,
    };

    /// <summary>One delivery of a text message; sending the same instance again is a platform retry.</summary>
    public HttpRequestMessage TextMessage(string openId, string text, long msgId, DateTimeOffset now, string nonce)
    {
        var createTime = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var inner = $"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName>" +
                    $"<CreateTime>{createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType>" +
                    $"<Content><![CDATA[{text}]]></Content><MsgId>{msgId}</MsgId></xml>";
        var encrypt = _crypto.Encrypt(inner);
        var query = $"signature={WeChatSignature.Compute(token, createTime, nonce)}&timestamp={createTime}&nonce={nonce}" +
                    $"&openid={openId}&encrypt_type=aes&msg_signature={_crypto.Sign(createTime, nonce, encrypt)}";
        return new HttpRequestMessage(HttpMethod.Post, $"/wechat/mp/{account}?{query}")
        {
            Content = new StringContent($"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"),
        };
    }

    /// <summary>The text inside an encrypted passive reply, or null when the body is not one.</summary>
    public string? ReplyText(string body)
    {
        if (WeChatXml.TryParse(body) is not { } outer || outer["Encrypt"] is not { Length: > 0 } encrypt) return null;
        var decrypted = _crypto.Decrypt(encrypt);
        return decrypted.IsSuccess && WeChatXml.TryParse(decrypted.Message!) is { } inner ? inner["Content"] : null;
    }
}
