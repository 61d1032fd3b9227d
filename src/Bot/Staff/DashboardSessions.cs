using System.Security.Cryptography;
using System.Text;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Staff;

/// <summary>
/// The job dashboard's browser sessions (issue 17 item 5). A session is a random token in a cookie; shared state maps it
/// to the SHA-256 of the key that logged in (never the key, never a copy of its school or office), so every request
/// looks the key up again in the current <c>Clearance:StaffKeys</c>: a key removed or demoted from administrator ends
/// every session it opened on the next request, on every instance.
/// </summary>
public sealed class DashboardSessions(ISharedState state, IOptionsMonitor<StaffKeyOptions> staffKeys)
{
    public const string CookieName = "clearance-hangfire";
    /// <summary>Absolute: a session is not extended by use, so a stolen cookie is worth at most this long.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public async Task<string> StartAsync(StaffKey key, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        await state.SetAsync(StateKey(token), Fingerprint(key.Key), Lifetime, cancellationToken);
        return token;
    }

    /// <summary>The key behind a live session, if it is still configured and may still open the dashboard; else the session is ended.</summary>
    public async Task<StaffKey?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token)) return null;
        if (await state.GetAsync(StateKey(token), cancellationToken) is not { } fingerprint) return null;
        var key = FindByFingerprint(staffKeys.CurrentValue.StaffKeys, fingerprint);
        if (key is { IsAdmin: true }) return key;
        await EndAsync(token, cancellationToken);
        return null;
    }

    public async Task EndAsync(string token, CancellationToken cancellationToken)
    {
        if (IsWellFormed(token)) await state.DeleteAsync(StateKey(token), cancellationToken);
    }

    public static CookieOptions CookieOptions(TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        // Always: behind a TLS proxy that does not forward the scheme the request looks like plain http, and a flag
        // that followed Request.IsHttps was then never set. Browsers accept Secure cookies from http://localhost.
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = Reminders.RemindersFeature.DashboardPath,
        MaxAge = maxAge,
    };

    private static bool IsWellFormed(string token) => token.Length == 64 && token.All(char.IsAsciiHexDigitLower);

    private static string StateKey(string token) => "hangfire-session:" + token;

    private static string Fingerprint(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static StaffKey? FindByFingerprint(IReadOnlyList<StaffKey> keys, string fingerprint)
    {
        var wanted = Encoding.ASCII.GetBytes(fingerprint);
        StaffKey? match = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(wanted, Encoding.ASCII.GetBytes(Fingerprint(key.Key)))) match = key;
        }
        return match;
    }
}
