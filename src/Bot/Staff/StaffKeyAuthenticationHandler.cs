using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Clearance.Integrations.SharedState;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Staff;

/// <summary>
/// The staff key scheme: a key from <c>Clearance:StaffKeys</c> in the <c>X-Api-Key</c> header becomes a principal with
/// its school, office and audit label (<see cref="StaffClaims"/>). The job dashboard, opened in a browser that cannot
/// send headers, also takes a session cookie started by its login form (<see cref="DashboardLogin"/>); the session
/// holds which key logged in, and that key is looked up again on every request (<see cref="DashboardSessions"/>). No
/// address and no environment grants anything: behind a proxy on the same host every request comes from loopback.
/// What a principal may do is the policies' business (<see cref="StaffPolicies"/>), not this one's.
/// </summary>
public sealed class StaffKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptionsMonitor<StaffKeyOptions> staffKeys, DashboardSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StaffKey";
    public const string HeaderName = "X-Api-Key";
    public const string DashboardCookieName = DashboardSessions.CookieName;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        // A scraper such as Prometheus sends its credentials as a bearer token.
        if (presented.Length == 0 && Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
            presented = auth["Bearer ".Length..].Trim();
        if (presented.Length > 0)
            return Find(staffKeys.CurrentValue.StaffKeys, presented) is { } key ? Success(StaffClaims.Principal(SchemeName, key)) : AuthenticateResult.Fail("unknown staff key");
        return Request.Path.StartsWithSegments(DashboardPath) ? await AuthenticateDashboardAsync() : AuthenticateResult.NoResult();
    }

    /// <summary>The dashboard only: a session cookie whose key is still configured and still an administrator's.</summary>
    private async Task<AuthenticateResult> AuthenticateDashboardAsync()
    {
        if (!Request.Cookies.TryGetValue(DashboardCookieName, out var token)) return AuthenticateResult.NoResult();
        if (await sessions.FindAsync(token, Context.RequestAborted) is { } key) return Success(StaffClaims.Principal(SchemeName, key));
        // Ended, expired or its key removed: drop the cookie so the browser goes back to the login form.
        Response.Cookies.Delete(DashboardCookieName, DashboardSessions.CookieOptions(null));
        return AuthenticateResult.NoResult();
    }

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    private static string DashboardPath => Reminders.RemindersFeature.DashboardPath;

    /// <summary>Compares every configured key in constant time (by hash, so lengths do not leak either).</summary>
    internal static StaffKey? Find(IReadOnlyList<StaffKey> keys, string presented)
    {
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        StaffKey? match = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))))
                match = key;
        }
        return match;
    }
}
