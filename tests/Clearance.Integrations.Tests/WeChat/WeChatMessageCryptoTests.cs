using System.Text;
using Clearance.Integrations.WeChat;
using static Clearance.Integrations.Tests.WeChat.OfficialVectors;

namespace Clearance.Integrations.Tests.WeChat;

/// <summary>Every vector of the protocol sheet §4: decryption, receiveid, signatures, deterministic encryption.</summary>
public sealed class WeChatMessageCryptoTests
{
    private static readonly WeChatMessageCrypto W1 = new("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
    private static readonly WeChatMessageCrypto W3 = new("hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "ww1436e0e65a779aee");
    private static readonly WeChatMessageCrypto W4 = new("123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", "wx49f0ab532d5d035a");
    private const string M1Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    [Fact]
    public void W1WithPadThirtyDecryptsWhereBuiltInPkcs7WouldThrow()
    {
        Assert.True(W1.VerifySignature("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", W1_ENCRYPT));

        var result = W1.Decrypt(W1_ENCRYPT);

        Assert.True(result.IsSuccess, result.Failure.ToString());
        Assert.Equal(W1_PLAIN, result.Message);
        Assert.Equal("wx5823bf96d3bd56c7", result.ReceiveId);
        var parsed = WeChatCallbackParser.Parse(WeChatXml.TryParse(result.Message!)!);
        var text = Assert.IsType<TextMessageEvent>(parsed);
        Assert.Equal("hello", text.Content);
        Assert.Equal("mycreate", text.FromUserName);
        Assert.Equal("4561255354251345929", text.MsgId);
        Assert.Equal("218", text.AgentId);
    }

    [Fact]
    public void W1EncryptedForAnotherReceiverIsRefused()
    {
        var other = new WeChatMessageCrypto("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx0000000000000000");

        var result = other.Decrypt(W1_ENCRYPT);

        Assert.Equal(WeChatCryptoFailure.ReceiveIdMismatch, result.Failure);
        Assert.Null(result.Message);
    }

    [Fact]
    public void W2EchostrVerifiesAndDecryptsToThePlaintext()
    {
        Assert.True(W1.VerifySignature("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", W2_ECHO));
        Assert.Equal("1616140317555161061", W1.Decrypt(W2_ECHO).Message);
    }

    [Fact]
    public void W3EchostrAndMessageWithWwCorpId()
    {
        Assert.True(W3.VerifySignature("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "1476416373", "47744683", W3_ECHO));
        Assert.Equal("1288432023552776189", W3.Decrypt(W3_ECHO).Message);

        Assert.True(W3.VerifySignature("0c3914025cb4b4d68103f6bfc8db550f79dcf48e", "1476422779", "1597212914", W3_ENCRYPT));
        var result = W3.Decrypt(W3_ENCRYPT);
        Assert.Equal(W3_PLAIN, result.Message);
        var text = Assert.IsType<TextMessageEvent>(WeChatCallbackParser.Parse(WeChatXml.TryParse(result.Message!)!));
        Assert.Equal("你好", text.Content);
        Assert.Equal("ChenJiaShun", text.FromUserName);
        Assert.Equal("1000002", text.AgentId);
    }

    [Fact]
    public void W4EchoAndMessageDecrypt()
    {
        Assert.True(W4.VerifySignature("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374425", W4_ECHO));
        Assert.Equal("5927782489442352469", W4.Decrypt(W4_ECHO).Message);

        Assert.True(W4.VerifySignature("74d92dfeb87ba7c714f89d98870ae5eb62dff26d", "1411525903", "461056294", W4_ENCRYPT));
        var text = Assert.IsType<TextMessageEvent>(WeChatCallbackParser.Parse(WeChatXml.TryParse(W4.Decrypt(W4_ENCRYPT).Message!)!));
        Assert.Equal("test", text.Content);
        Assert.Equal("messense", text.FromUserName);
        Assert.Equal("4363689963896700987", text.MsgId);
    }

    [Fact]
    public void W4DeterministicEncryptionAndReplySignatureMatchTheReference()
    {
        var reply = W4.EncryptReply(W4_REPLY_MSG, "1411525903", "461056294", "1234567890123456"u8);

        Assert.Equal(W4_REPLY_ENCRYPT, reply.Encrypt);
        Assert.Equal("407518b7649e86ef23978113f92d27afa9296533", reply.MsgSignature);
        Assert.Equal(W4_REPLY_MSG, W4.Decrypt(reply.Encrypt).Message);
        // The envelope is well-formed XML a client can read back.
        var envelope = WeChatXml.TryParse(reply.ToXml())!;
        Assert.Equal(W4_REPLY_ENCRYPT, envelope["Encrypt"]);
        Assert.Equal("407518b7649e86ef23978113f92d27afa9296533", envelope["MsgSignature"]);
        Assert.Equal("1411525903", envelope["TimeStamp"]);
        Assert.Equal("461056294", envelope["Nonce"]);
    }

    [Fact]
    public void M1ChineseTextUsesByteLengthNotCharacterLength()
    {
        var crypto = new WeChatMessageCrypto("pamtest", M1Key, "wxb11529c136998cb6");

        Assert.Equal(M1_SHORT, crypto.Encrypt("我是中文abcd123", "aaaabbbbccccdddd"u8));
        Assert.Equal(M1_XML_ENCRYPT, crypto.Encrypt(M1_XML, "aaaabbbbccccdddd"u8));
        Assert.Equal("我是中文abcd123", crypto.Decrypt(M1_SHORT).Message);
        Assert.Equal(M1_XML, crypto.Decrypt(M1_XML_ENCRYPT).Message);
        Assert.True(WeChatSignature.Matches("76480565cbe296026c53aaacd1ad523a1ddba24f", "pamtest", "1409304348", "xxxxxx"));
    }

    [Fact]
    public void M2CompatibleModeBodyCarriesPlainFieldsAndTheSameMessageEncrypted()
    {
        var crypto = new WeChatMessageCrypto("spamtest", M1Key, "wx2c2769f8efd9abc2");
        var body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>"
            + "<CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content>"
            + "<MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[" + M2_ENCRYPT + "]]></Encrypt></xml>";
        var envelope = WeChatXml.TryParse(body)!;

        Assert.True(crypto.VerifySignature("5d197aaffba7e9b25a30732f161a50dee96bd5fa", "1409735669", "1320562132", envelope["Encrypt"]!));
        var result = crypto.Decrypt(envelope["Encrypt"]!);
        Assert.True(result.IsSuccess);
        var text = Assert.IsType<TextMessageEvent>(WeChatCallbackParser.Parse(WeChatXml.TryParse(result.Message!)!));
        Assert.Equal(envelope["Content"], text.Content);
        Assert.Equal(envelope["MsgId"], text.MsgId);
        Assert.Contains("\n", result.Message);
    }

    [Fact]
    public void E1AllZeroKeyDecryptsTheOfficialEventAndEncryptsTheReply()
    {
        var crypto = new WeChatMessageCrypto("AAAAA", new string('A', 43), "wx134c8103faa5a59e");

        Assert.True(WeChatSignature.Matches("cc0c594499c1634947d5b502f158ee518947db27", "AAAAA", "1715943329", "1590219412"));
        Assert.True(crypto.VerifySignature("6c12a4205838198b8fa631b3220723bb07f1015c", "1715943329", "1590219412", E1_ENCRYPT));
        var result = crypto.Decrypt(E1_ENCRYPT);
        Assert.True(result.IsSuccess);
        Assert.Equal(292, Encoding.UTF8.GetByteCount(result.Message!));
        var fields = WeChatXml.TryParse(result.Message!)!;
        Assert.Equal("debug_demo", fields["Event"]);
        Assert.Equal("o9AgO5Kd5ggOC-bXrbNODIiE3bGY", fields["FromUserName"]);

        var reply = crypto.EncryptReply(E1_REPLY_MSG, "1713424427", "415670741", "999951349e8ee746"u8);
        Assert.Equal(E1_REPLY_ENCRYPT, reply.Encrypt);
        Assert.Equal("03e0812039325c2712ef5f0f980fd14c70d6e307", reply.MsgSignature);
    }

    [Fact]
    public void RoundTripKeepsEmojiAndPadsAFullBlockWhenAligned()
    {
        // 16 + 4 + 8 + 4 = 32 bytes before padding: the pad must be a whole 32-byte block, not zero.
        var crypto = new WeChatMessageCrypto("t", M1Key, "abcd");
        var encrypted = crypto.Encrypt("12345678");
        Assert.Equal(64, Convert.FromBase64String(encrypted).Length);
        Assert.Equal("12345678", crypto.Decrypt(encrypted).Message);
        Assert.Equal("退宿😀", crypto.Decrypt(crypto.Encrypt("退宿😀")).Message);
    }

    [Theory]
    [InlineData("not base64 at all!", WeChatCryptoFailure.InvalidBase64)]
    [InlineData("", WeChatCryptoFailure.InvalidCiphertext)]
    [InlineData("AAAA", WeChatCryptoFailure.InvalidCiphertext)]
    public void GarbageCiphertextIsAFailureValue(string encrypt, WeChatCryptoFailure expected)
    {
        Assert.Equal(expected, W1.Decrypt(encrypt).Failure);
    }

    [Fact]
    public void TruncatedCiphertextNeverThrows()
    {
        var cipher = Convert.FromBase64String(W1_ENCRYPT);
        for (var length = 16; length < cipher.Length; length += 16)
        {
            var result = W1.Decrypt(Convert.ToBase64String(cipher, 0, length));
            Assert.False(result.IsSuccess && result.Message == W1_PLAIN);
        }
    }

    [Fact]
    public void MessageLengthPointingPastTheEndIsRefused()
    {
        // A valid key and padding around a header claiming a 1 MB message.
        var crypto = new WeChatMessageCrypto("t", M1Key, "abcd");
        var plain = new byte[64];
        plain[16] = 0x00; plain[17] = 0x10; plain[18] = 0x00; plain[19] = 0x00;
        plain.AsSpan(32).Fill(32);
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = Convert.FromBase64String(M1Key + "=");
        var cipher = aes.EncryptCbc(plain, aes.Key.AsSpan(0, 16), System.Security.Cryptography.PaddingMode.None);

        Assert.Equal(WeChatCryptoFailure.InvalidMessageLength, crypto.Decrypt(Convert.ToBase64String(cipher)).Failure);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", true)]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDE!G", false)]
    [InlineData(null, false)]
    public void EncodingAesKeyMustBe43CharactersOfBase64(string? key, bool valid)
    {
        Assert.Equal(valid, WeChatMessageCrypto.TryDecodeKey(key, out var bytes));
        if (valid) Assert.Equal(32, bytes.Length);
    }
}
