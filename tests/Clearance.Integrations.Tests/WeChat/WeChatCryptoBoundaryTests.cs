using System.Security.Cryptography;
using System.Text;
using Clearance.Integrations.WeChat;

namespace Clearance.Integrations.Tests.WeChat;

/// <summary>
/// The edges of the signature and message crypto that the official vectors do not reach: inputs past the signature's
/// stack buffer, signatures that are hex-length but not hex, messages and receivers of length zero, the random prefix,
/// and keys that cannot be used. Expected signatures are computed here with SHA-1 directly.
/// </summary>
public sealed class WeChatCryptoBoundaryTests
{
    private const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private static string Sha1Hex(params string[] parts) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts.OrderBy(p => p, StringComparer.Ordinal)))));

    [Theory]
    [InlineData(1024 - 30)]
    [InlineData(1025)]
    [InlineData(6000)]
    public void SignaturesOverLongPartsAreTheSha1OfThemAll(int encryptLength)
    {
        // A long answer's Encrypt runs to kilobytes: past the stack buffer the hash must still cover every byte.
        var encrypt = string.Concat(Enumerable.Range(0, encryptLength).Select(i => (char)('A' + i % 26)));
        var expected = Sha1Hex("token", "1409659813", "nonce", encrypt);

        Assert.Equal(expected, WeChatSignature.Compute("token", "1409659813", "nonce", encrypt));
        Assert.True(WeChatSignature.Matches(expected, "token", "1409659813", "nonce", encrypt));
        Assert.False(WeChatSignature.Matches(expected, "token", "1409659813", "nonce", encrypt[..^1] + "!"));
    }

    [Fact]
    public void AFortyCharacterSignatureThatIsNotHexNeverMatches()
    {
        var real = Sha1Hex("token", "1", "n");

        Assert.True(WeChatSignature.Matches(real, "token", "1", "n"));
        Assert.False(WeChatSignature.Matches("zz" + real[2..], "token", "1", "n"));
        Assert.False(WeChatSignature.Matches(new string('g', 40), "token", "1", "n"));
    }

    [Fact]
    public void AnEmptyMessageAndAMessageWithNoReceiverAfterItBothDecrypt()
    {
        var crypto = new WeChatMessageCrypto("t", Key, "wx-app");
        var noReceiver = new WeChatMessageCrypto("t", Key, "");

        Assert.Equal(new WeChatDecryptResult(WeChatCryptoFailure.None, "", "wx-app"), crypto.Decrypt(crypto.Encrypt("")));
        Assert.Equal(new WeChatDecryptResult(WeChatCryptoFailure.None, "abc", ""), noReceiver.DecryptAnyReceiver(noReceiver.Encrypt("abc")));
        // The 20-byte header alone (no message, no receiver) is a whole plaintext, not a short one.
        Assert.Equal(new WeChatDecryptResult(WeChatCryptoFailure.None, "", ""), noReceiver.DecryptAnyReceiver(noReceiver.Encrypt("")));
    }

    [Fact]
    public void EachEncryptionOfTheSameMessageStartsWithFreshRandomBytes()
    {
        var crypto = new WeChatMessageCrypto("t", Key, "wx-app");

        var first = crypto.Encrypt("同一条消息");
        var second = crypto.Encrypt("同一条消息");

        Assert.NotEqual(first, second);
        Assert.Equal("同一条消息", crypto.Decrypt(second).Message);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(17)]
    public void ARandomPrefixThatIsNotSixteenBytesIsRefused(int length)
    {
        var crypto = new WeChatMessageCrypto("t", Key, "wx-app");

        var error = Assert.Throws<ArgumentException>(() => crypto.Encrypt("hi", new byte[length]));
        Assert.Equal("random16", error.ParamName);
    }

    [Theory]
    [InlineData("tooshort")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDE!G")]
    public void AnUnusableKeyStopsTheCryptoBeingBuiltAndNamesTheKey(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new WeChatMessageCrypto("t", key, "wx-app"));

        Assert.Equal("encodingAesKey", error.ParamName);
        Assert.Contains("43 base64 characters", error.Message, StringComparison.Ordinal);
    }
}
