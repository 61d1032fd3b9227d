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
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        Hash(parts, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Constant-time compare on lower-cased hex (senders differ in case), so timing does not reveal how many leading
    /// characters of a forged signature were right.
    /// </summary>
    public static bool Matches(string? signature, params ReadOnlySpan<string> parts)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 2 * SHA1.HashSizeInBytes) return false;
        Span<byte> presented = stackalloc byte[SHA1.HashSizeInBytes];
        if (Convert.FromHexString(signature, presented, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != presented.Length)
            return false;
        Span<byte> expected = stackalloc byte[SHA1.HashSizeInBytes];
        Hash(parts, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>SHA-1 of the parts sorted ordinally and concatenated as UTF-8, without building the joined string.</summary>
    private static void Hash(ReadOnlySpan<string> parts, Span<byte> destination)
    {
        var sorted = parts.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var length = 0;
        foreach (var part in sorted) length += Encoding.UTF8.GetByteCount(part);
        byte[]? rented = null;
        // An Encrypt of a long answer runs to a few kB; the usual request fits on the stack.
        var buffer = length <= 1024 ? stackalloc byte[1024] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = 0;
            foreach (var part in sorted) written += Encoding.UTF8.GetBytes(part, buffer[written..]);
            SHA1.HashData(buffer[..written], destination);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
