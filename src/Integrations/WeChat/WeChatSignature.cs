using System.Security.Cryptography;
using System.Text;

namespace Clearance.Integrations.WeChat;

/// <summary>
/// The platform's request signatures: <c>hex(sha1(concat(sort_ordinal(parts))))</c> — three parts (Token, timestamp,
/// nonce) for the MP <c>signature</c>, four (plus Encrypt or echostr) for <c>msg_signature</c>.
/// </summary>
public static class WeChatSignature
{
    public static string Compute(params ReadOnlySpan<string> parts)
    {
        var sorted = parts.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted)));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Constant-time compare on lower-cased hex (senders differ in case), so timing does not reveal how many leading
    /// characters of a forged signature were right.
    /// </summary>
    public static bool Matches(string? signature, params ReadOnlySpan<string> parts)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 40) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(parts));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
