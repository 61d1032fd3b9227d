using System.Globalization;
using System.Xml.Linq;
using Clearance.Bot.Tests.Webhooks;

namespace Clearance.Bot.Tests.Distributed;

/// <summary>
/// Builds safe-mode (encrypted) official-account callbacks the way WeChat sends them, and reads the passive reply. The
/// crypto is <see cref="WeChatSender"/>'s own (test-owned SHA1 and AES), not the product's, so a fault in the product's
/// crypto cannot cancel itself out; a reply is opened only after its MsgSignature checks.
/// </summary>
public sealed class MpCallback(string account, string appId, string token, string encodingAesKey)
{
    public const string TestAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private readonly WeChatSender _sender = new(token, encodingAesKey, appId);

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
        return _sender.Mp(account, WeChatSender.TextXml(openId, "gh_test", text, msgId, createTime), timestamp: createTime, nonce: nonce, openId: openId);
    }

    /// <summary>
    /// The text inside an encrypted passive reply (its signature and AppID checked, failing the test if wrong), or null
    /// when the body is not one (the <c>success</c> acknowledgement, an error).
    /// </summary>
    public string? ReplyText(string body)
    {
        if (!body.StartsWith("<xml", StringComparison.Ordinal) || XElement.Parse(body).Element("Encrypt") is null) return null;
        return _sender.OpenReply(body).Element("Content")?.Value;
    }
}
