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
/// send headers, also takes the key once as <c>?key=</c>, which starts an 8-hour session cookie holding a random
/// token (never the key), kept in shared state so every instance knows it; in Development a request from this machine
/// is the operator. What a principal may do is the policies' business (<see cref="StaffPolicies"/>), not this one's.
/// </summary>
public sealed class StaffKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<StaffKeyOptions> staffKeys, ISharedState sessions, IHostEnvironment environment)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StaffKey";
    public const string HeaderName = "X-Api-Key";
    public const string DashboardCookieName = "clearance-hangfire";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        // A scraper such as Prometheus sends its credentials as a bearer token.
        if (presented.Length == 0 && Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
            presented = auth["Bearer ".Length..].Trim();
        if (presented.Length > 0)
            return Find(staffKeys.Value.StaffKeys, presented) is { } key ? Success(StaffClaims.Principal(SchemeName, key)) : AuthenticateResult.Fail("unknown staff key");
        return Request.Path.StartsWithSegments(DashboardPath) ? await AuthenticateDashboardAsync() : AuthenticateResult.NoResult();
    }

    /// <summary>The dashboard only: a local developer, a session cookie, or an administrator's key once in the query.</summary>
    private async Task<AuthenticateResult> AuthenticateDashboardAsync()
    {
        if (environment.IsDevelopment() && Context.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip))
            return Success(StaffClaims.Principal(SchemeName, StaffKey.AnySchool, StaffKey.AnyOffice, "local developer"));
        if (Request.Cookies.TryGetValue(DashboardCookieName, out var token) && token.Length == 32
            && await sessions.GetAsync(SessionKey(token), Context.RequestAborted) is { } held
            && held.Split('\n') is [var school, var office, var label])
            return Success(StaffClaims.Principal(SchemeName, school, office, label));
        if (!Request.Query.TryGetValue("key", out var query) || query.ToString().Length == 0) return AuthenticateResult.NoResult();
        if (Find(staffKeys.Value.StaffKeys, query.ToString()) is not { } key) return AuthenticateResult.Fail("unknown staff key");
        // Only a key that may open the dashboard starts a session; any other is refused by the policy as it is.
        if (key.IsAdmin) await StartDashboardSessionAsync(key);
        return Success(StaffClaims.Principal(SchemeName, key));
    }

    private async Task StartDashboardSessionAsync(StaffKey key)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await sessions.SetAsync(SessionKey(token), $"{key.School}\n{key.Office}\n{key.Label}", SessionLifetime, Context.RequestAborted);
        Response.Cookies.Append(DashboardCookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = DashboardPath,
            MaxAge = SessionLifetime,
        });
    }

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    private static string DashboardPath => Reminders.RemindersFeature.DashboardPath;

    private static string SessionKey(string token) => "hangfire-session:" + token;

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
