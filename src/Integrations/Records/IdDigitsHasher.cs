using System.Security.Cryptography;
using System.Text;

namespace Clearance.Integrations.Records;

/// <summary>
/// The last six ID-card characters are a weak secret (about a million values), so they are stored only as a salted,
/// stretched hash: <c>pbkdf2-sha256$iterations$salt$hash</c>. The digits are never logged or kept.
/// </summary>
public static class IdDigitsHasher
{
    private const string Scheme = "pbkdf2-sha256";
    public const int DefaultIterations = 10_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A fixed, valid hash that an unknown student id is checked against, so "no such student" takes as long as "wrong digits".
    private static readonly string Decoy = Hash("000000", DefaultIterations);

    /// <summary>Accepts 6 characters: digits, with a final X (upper or lower case) as Chinese ID cards have.</summary>
    public static bool IsWellFormed(string? idLast6) =>
        idLast6 is { Length: 6 } s && s[..5].All(char.IsAsciiDigit) && (char.IsAsciiDigit(s[5]) || s[5] is 'x' or 'X');

    public static string Hash(string idLast6, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(Normalize(idLast6), salt, iterations);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Constant-time comparison; a null or malformed stored hash is checked against a decoy and fails.</summary>
    public static bool Verify(string? idLast6, string? stored)
    {
        var candidate = Normalize(idLast6 ?? "");
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
        {
            TryParse(Decoy, out iterations, out salt, out expected);
            CryptographicOperations.FixedTimeEquals(Derive(candidate, salt, iterations), expected);
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Derive(candidate, salt, iterations), expected);
    }

    private static string Normalize(string idLast6) => idLast6.Trim().ToUpperInvariant();

    private static byte[] Derive(string value, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(value), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme || !int.TryParse(parts[1], out iterations) || iterations < 1)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
            return hash.Length == HashBytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
