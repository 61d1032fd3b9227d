using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Clearance.Bot.Tests.Webhooks;

/// <summary>
/// Plays the WeChat / WeCom server: builds signed (and encrypted) callbacks and opens the replies. It has its own
/// sha1 and AES code on purpose, so the end-to-end tests do not trust the implementation they test.
/// </summary>
public sealed class WeChatSender(string token, string encodingAesKey, string receiveId)
{
    private readonly byte[] _key = Convert.FromBase64String(encodingAesKey + "=");
    private static long _msgId = 7_000_000_000_000_000_000;

    public static long NextMsgId() => Interlocked.Increment(ref _msgId);

    public static string Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string NewNonce() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);

    public static string Sha1(params string[] parts)
    {
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    public static string TextXml(string from, string to, string content, long msgId, string? createTime = null) =>
        $"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{createTime ?? Now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{msgId}</MsgId></xml>";

    public static string EventXml(string from, string to, string eventName, string? eventKey = null, string? createTime = null) =>
        $"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{createTime ?? Now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{eventName}]]></Event>"
        + (eventKey is null ? "" : $"<EventKey><![CDATA[{eventKey}]]></EventKey>") + "</xml>";

    public string Encrypt(string message)
    {
        var msg = Encoding.UTF8.GetBytes(message);
        var id = Encoding.UTF8.GetBytes(receiveId);
        var length = 20 + msg.Length + id.Length;
        var pad = 32 - length % 32;
        var plain = new byte[length + pad];
        RandomNumberGenerator.Fill(plain.AsSpan(0, 16));
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16), msg.Length);
        msg.CopyTo(plain, 20);
        id.CopyTo(plain, 20 + msg.Length);
        plain.AsSpan(length).Fill((byte)pad);
        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _key.AsSpan(0, 16), PaddingMode.None));
    }

    public (string Message, string ReceiveId) Decrypt(string encrypt)
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        var plain = aes.DecryptCbc(Convert.FromBase64String(encrypt), _key.AsSpan(0, 16), PaddingMode.None);
        var pad = plain[^1];
        var length = BinaryPrimitives.ReadInt32BigEndian(plain.AsSpan(16));
        return (Encoding.UTF8.GetString(plain, 20, length), Encoding.UTF8.GetString(plain, 20 + length, plain.Length - pad - 20 - length));
    }

    /// <summary>An MP callback in safe mode (<c>aes</c>), compatible mode or plaintext (<c>raw</c>).</summary>
    public HttpRequestMessage Mp(string account, string innerXml, string mode = "aes", string? timestamp = null, string? nonce = null, string openId = "o-test")
    {
        timestamp ??= Now;
        nonce ??= NewNonce();
        var query = $"signature={Sha1(token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid={openId}";
        string body;
        if (mode == "raw")
        {
            body = innerXml;
        }
        else
        {
            var encrypt = Encrypt(innerXml);
            body = mode == "compatible"
                ? innerXml.Replace("</xml>", $"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>", StringComparison.Ordinal)
                : $"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
            query += $"&encrypt_type=aes&msg_signature={Sha1(token, timestamp, nonce, encrypt)}";
        }
        return new HttpRequestMessage(HttpMethod.Post, $"/wechat/mp/{account}?{query}") { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
    }

    /// <summary>A WeCom callback: always encrypted, signed with msg_signature only.</summary>
    public HttpRequestMessage Work(string account, string innerXml, string? timestamp = null, string? nonce = null)
    {
        timestamp ??= Now;
        nonce ??= NewNonce();
        var encrypt = Encrypt(innerXml);
        var body = $"<xml><ToUserName><![CDATA[{receiveId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        return new HttpRequestMessage(HttpMethod.Post,
            $"/wechat/work/{account}?msg_signature={Sha1(token, timestamp, nonce, encrypt)}&timestamp={timestamp}&nonce={nonce}")
        {
            Content = new StringContent(body, Encoding.UTF8, "text/xml"),
        };
    }

    /// <summary>Copies a request so it can be sent again byte for byte (a platform retry).</summary>
    public static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request)
    {
        var body = await request.Content!.ReadAsByteArrayAsync();
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new ByteArrayContent(body) };
        copy.Content.Headers.ContentType = request.Content.Headers.ContentType;
        return copy;
    }

    /// <summary>Checks an encrypted reply's signature and receiveid and returns the inner message.</summary>
    public XElement OpenReply(string body)
    {
        var envelope = XElement.Parse(body);
        var encrypt = envelope.Element("Encrypt")!.Value;
        var signature = envelope.Element("MsgSignature")!.Value;
        Assert.Equal(Sha1(token, envelope.Element("TimeStamp")!.Value, envelope.Element("Nonce")!.Value, encrypt), signature);
        var (message, id) = Decrypt(encrypt);
        Assert.Equal(receiveId, id);
        return XElement.Parse(message);
    }

    public static string Encode(string value) => WebUtility.UrlEncode(value);
}
