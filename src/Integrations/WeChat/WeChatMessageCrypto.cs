using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Clearance.Integrations.WeChat;

/// <summary>Why a ciphertext was refused; the official library's codes are noted for comparing logs.</summary>
public enum WeChatCryptoFailure
{
    None,
    /// <summary>-40010: not base64.</summary>
    InvalidBase64,
    /// <summary>-40007: not a whole number of AES blocks, or too short for the 20-byte header.</summary>
    InvalidCiphertext,
    /// <summary>-40008: msg_len points outside the plaintext.</summary>
    InvalidMessageLength,
    /// <summary>-40005: encrypted for another AppID / CorpID.</summary>
    ReceiveIdMismatch,
}

public readonly record struct WeChatDecryptResult(WeChatCryptoFailure Failure, string? Message, string? ReceiveId)
{
    public bool IsSuccess => Failure == WeChatCryptoFailure.None;
}

/// <summary>The encrypted reply envelope (§1.5): <c>Encrypt</c>, <c>MsgSignature</c>, <c>TimeStamp</c>, <c>Nonce</c>.</summary>
public sealed record EncryptedMessageReply(string Encrypt, string MsgSignature, string TimeStamp, string Nonce)
{
    public string ToXml() =>
        $"<xml><Encrypt><![CDATA[{Encrypt}]]></Encrypt><MsgSignature><![CDATA[{MsgSignature}]]></MsgSignature><TimeStamp>{TimeStamp}</TimeStamp><Nonce><![CDATA[{WeChatXml.EscapeCData(Nonce)}]]></Nonce></xml>";
}

/// <summary>
/// WXBizMsgCrypt, the scheme shared by MP, WeCom and the Open Platform: AES-256-CBC with IV = key[0..16), plaintext
/// <c>random(16) ‖ msg_len (4, big-endian) ‖ msg ‖ receiveid</c>, PKCS#7 padding to a 32-byte block.
/// Immutable and safe to share between requests.
/// </summary>
public sealed class WeChatMessageCrypto
{
    private const int PadBlock = 32;
    private const int HeaderLength = 20;
    private readonly byte[] _key;
    private readonly byte[] _iv;

    public WeChatMessageCrypto(string token, string encodingAesKey, string receiveId)
    {
        if (!TryDecodeKey(encodingAesKey, out var key))
            throw new ArgumentException("EncodingAESKey must be 43 base64 characters decoding to 32 bytes.", nameof(encodingAesKey));
        Token = token;
        ReceiveId = receiveId;
        _key = key;
        _iv = key[..16];
    }

    public string Token { get; }

    /// <summary>AppID (MP) or CorpID (WeCom internal app) that every decrypted message must end with.</summary>
    public string ReceiveId { get; }

    public static bool TryDecodeKey(string? encodingAesKey, out byte[] key)
    {
        key = [];
        if (encodingAesKey is not { Length: 43 }) return false;
        Span<byte> buffer = stackalloc byte[33];
        // Trailing bits of the 43rd character may be non-zero (e.g. "…ABCDEFG"); .NET accepts that like the official libraries.
        if (!Convert.TryFromBase64String(encodingAesKey + "=", buffer, out var written) || written != 32) return false;
        key = buffer[..32].ToArray();
        return true;
    }

    public bool VerifySignature(string? msgSignature, string timestamp, string nonce, string encrypt) =>
        WeChatSignature.Matches(msgSignature, Token, timestamp, nonce, encrypt);

    public string Sign(string timestamp, string nonce, string encrypt) => WeChatSignature.Compute(Token, timestamp, nonce, encrypt);

    /// <summary>Decrypts and checks the receiveid; a failure is a value because it is caused by the sender.</summary>
    public WeChatDecryptResult Decrypt(string encrypt)
    {
        var result = DecryptAnyReceiver(encrypt);
        if (result.IsSuccess && !string.Equals(result.ReceiveId, ReceiveId, StringComparison.Ordinal))
            return result with { Failure = WeChatCryptoFailure.ReceiveIdMismatch, Message = null };
        return result;
    }

    /// <summary>Decrypts without checking the receiveid (diagnostics and tests only).</summary>
    public WeChatDecryptResult DecryptAnyReceiver(string encrypt)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypt);
        }
        catch (FormatException)
        {
            return new(WeChatCryptoFailure.InvalidBase64, null, null);
        }
        if (cipher.Length == 0 || cipher.Length % 16 != 0) return new(WeChatCryptoFailure.InvalidCiphertext, null, null);

        using var aes = Aes.Create();
        aes.Key = _key;
        // PaddingMode.PKCS7 rejects pads above 16, which real traffic has (pad up to 32): strip by hand.
        var plain = aes.DecryptCbc(cipher, _iv, PaddingMode.None);
        int pad = plain[^1];
        if (pad is < 1 or > PadBlock) pad = 0;
        var contentLength = plain.Length - pad;
        if (contentLength < HeaderLength) return new(WeChatCryptoFailure.InvalidCiphertext, null, null);
        var messageLength = BinaryPrimitives.ReadInt32BigEndian(plain.AsSpan(16, 4));
        if (messageLength < 0 || messageLength > contentLength - HeaderLength)
            return new(WeChatCryptoFailure.InvalidMessageLength, null, null);
        var message = Encoding.UTF8.GetString(plain, HeaderLength, messageLength);
        var receiveId = Encoding.UTF8.GetString(plain, HeaderLength + messageLength, contentLength - HeaderLength - messageLength);
        return new(WeChatCryptoFailure.None, message, receiveId);
    }

    /// <summary>Encrypts a reply; <paramref name="random16"/> is for the deterministic test vectors, otherwise random.</summary>
    public string Encrypt(string message, ReadOnlySpan<byte> random16 = default)
    {
        var messageBytes = Encoding.UTF8.GetBytes(message);
        var receiveIdBytes = Encoding.UTF8.GetBytes(ReceiveId);
        var length = HeaderLength + messageBytes.Length + receiveIdBytes.Length;
        var pad = PadBlock - length % PadBlock;
        var plain = new byte[length + pad];
        if (random16.IsEmpty) RandomNumberGenerator.Fill(plain.AsSpan(0, 16));
        else if (random16.Length == 16) random16.CopyTo(plain);
        else throw new ArgumentException("The random prefix is 16 bytes.", nameof(random16));
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16, 4), messageBytes.Length);
        messageBytes.CopyTo(plain, HeaderLength);
        receiveIdBytes.CopyTo(plain, HeaderLength + messageBytes.Length);
        plain.AsSpan(length).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _iv, PaddingMode.None));
    }

    /// <summary>The envelope of an encrypted passive reply, signed with the given timestamp and nonce.</summary>
    public EncryptedMessageReply EncryptReply(string replyXml, string timestamp, string nonce, ReadOnlySpan<byte> random16 = default)
    {
        var encrypt = Encrypt(replyXml, random16);
        return new EncryptedMessageReply(encrypt, Sign(timestamp, nonce, encrypt), timestamp, nonce);
    }
}
