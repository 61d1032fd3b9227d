using System.Security.Cryptography;
using System.Text;

namespace Clearance.Integrations.Records;

/// <summary>
/// The last six ID-card characters are a weak secret: about 1.1 million values, so no hash of them alone survives a
/// stolen database (PBKDF2 at 10,000 iterations is 10^10 hashes, seconds on a GPU). What protects them is a key the
/// database does not hold: HMAC-SHA256 under a secret from configuration (distributed mode) or a key file beside the
/// SQLite file (embedded mode), stored as <c>hmac-sha256$keyId$salt$mac</c>. docs/security.md has the reasoning.
/// Rows written before (<c>pbkdf2-sha256$…</c>) still verify, and <see cref="Check"/> says when a row should be
/// re-hashed: an old scheme or a previous key. The digits are never logged or kept.
/// </summary>
public sealed class IdDigitsHasher
{
    private const string KeyedScheme = "hmac-sha256";
    private const int SaltBytes = 16;
    private const int MacBytes = 32;

    private readonly IdDigitsKey _current;
    private readonly Dictionary<string, IdDigitsKey> _keys = new(StringComparer.Ordinal);
    private readonly byte[] _decoySalt = RandomNumberGenerator.GetBytes(SaltBytes);

    /// <param name="current">Every new hash uses it.</param>
    /// <param name="previous">Keys being rotated out: rows under them still verify and are re-hashed under <paramref name="current"/>.</param>
    public IdDigitsHasher(IdDigitsKey current, IEnumerable<IdDigitsKey>? previous = null)
    {
        _current = current;
        _keys[current.Id] = current;
        foreach (var key in previous ?? []) _keys.TryAdd(key.Id, key);
    }

    /// <summary>Accepts 6 characters: digits, with a final X (upper or lower case) as Chinese ID cards have.</summary>
    public static bool IsWellFormed(string? idLast6) =>
        idLast6 is { Length: 6 } s && s[..5].All(char.IsAsciiDigit) && (char.IsAsciiDigit(s[5]) || s[5] is 'x' or 'X');

    /// <summary>The id of the key new hashes use (a fingerprint, not the key).</summary>
    public string CurrentKeyId => _current.Id;

    public string Hash(string idLast6)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var mac = Mac(_current, salt, Normalize(idLast6));
        return $"{KeyedScheme}${_current.Id}${Convert.ToBase64String(salt)}${Convert.ToBase64String(mac)}";
    }

    public bool Verify(string? idLast6, string? stored) => Check(idLast6, stored).Matches;

    /// <summary>
    /// Constant-time comparison. A null or malformed stored value, or one under a key this instance does not have, is
    /// checked against a decoy and fails. <see cref="IdDigitsCheck.NeedsRehash"/> is true only for a match under an
    /// old scheme or a previous key: the caller has the digits in hand and can store <see cref="Hash"/> of them.
    /// </summary>
    public IdDigitsCheck Check(string? idLast6, string? stored)
    {
        var candidate = Normalize(idLast6 ?? "");
        if (stored is not null && stored.StartsWith(LegacyIdDigitsHash.Scheme + "$", StringComparison.Ordinal))
            return LegacyIdDigitsHash.Verify(candidate, stored) ? new(true, NeedsRehash: true) : default;
        if (!TryParse(stored, out var key, out var salt, out var expected))
        {
            CryptographicOperations.FixedTimeEquals(Mac(_current, _decoySalt, candidate), new byte[MacBytes]);
            return default;
        }
        var matches = CryptographicOperations.FixedTimeEquals(Mac(key, salt, candidate), expected);
        return new(matches, NeedsRehash: matches && key.Id != _current.Id);
    }

    private static string Normalize(string idLast6) => idLast6.Trim().ToUpperInvariant();

    private static byte[] Mac(IdDigitsKey key, byte[] salt, string value)
    {
        var digits = Encoding.UTF8.GetBytes(value);
        var message = new byte[salt.Length + digits.Length];
        salt.CopyTo(message, 0);
        digits.CopyTo(message, salt.Length);
        return HMACSHA256.HashData(key.Material, message);
    }

    private bool TryParse(string? stored, out IdDigitsKey key, out byte[] salt, out byte[] mac)
    {
        key = _current;
        salt = mac = [];
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != KeyedScheme || !_keys.TryGetValue(parts[1], out key!))
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            mac = Convert.FromBase64String(parts[3]);
            return mac.Length == MacBytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>What a check found: whether the digits match, and whether the stored value should be replaced by a new hash.</summary>
public readonly record struct IdDigitsCheck(bool Matches, bool NeedsRehash);

/// <summary>
/// An HMAC key for ID digits. <see cref="Id"/> is a fingerprint stored with each hash so a row names its key (rotation);
/// it is an HMAC of a constant under the key, so it says nothing about the key.
/// </summary>
public sealed class IdDigitsKey
{
    /// <summary>Shorter keys are refused: the key, not the digits, is what a thief must not be able to guess.</summary>
    public const int MinimumLength = 32;

    private IdDigitsKey(byte[] material)
    {
        Material = material;
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(material, "clearance id-digits key id"u8))[..8];
    }

    internal byte[] Material { get; }

    public string Id { get; }

    /// <summary>A key as configured (<c>IdDigits:Key</c>) or as written in the key file: its UTF-8 bytes are the HMAC key.</summary>
    public static IdDigitsKey FromText(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < MinimumLength)
            throw new ArgumentException($"an ID-digits key must be at least {MinimumLength} characters", nameof(text));
        return new IdDigitsKey(Encoding.UTF8.GetBytes(trimmed));
    }

    /// <summary>32 random bytes as base64 (44 characters): what the key file holds and what to put in <c>IdDigits:Key</c>.</summary>
    public static string NewText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

/// <summary>
/// The scheme before keyed hashes: salted PBKDF2-SHA256, <c>pbkdf2-sha256$iterations$salt$hash</c>. Kept only to
/// verify rows written with it; a successful binding replaces such a row with a keyed hash.
/// </summary>
public static class LegacyIdDigitsHash
{
    public const string Scheme = "pbkdf2-sha256";
    public const int DefaultIterations = 10_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Writes an old-scheme hash: for tests and the benchmark's baseline only.</summary>
    public static string Hash(string idLast6, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(idLast6.Trim().ToUpperInvariant(), salt, iterations);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    internal static bool Verify(string normalized, string stored)
    {
        var parts = stored.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations < 1)
            return false;
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            return expected.Length == HashBytes && CryptographicOperations.FixedTimeEquals(Derive(normalized, salt, iterations), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Derive(string value, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(value), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
