using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.WebSessions;

/// <summary>
/// <c>WebSession</c>: how long a web page's session — and so a binding made on the web — lasts. A shared computer in a
/// library is the case to think of: idle expiry ends a session left open, the absolute one ends any session however
/// busy, and the student binds again (one identity check).
/// </summary>
public sealed class WebSessionOptions
{
    public const string SectionName = "WebSession";

    [Range(1, 10_080, ErrorMessage = "WebSession:IdleMinutes must be between {1} and {2}.")]
    public int IdleMinutes { get; set; } = 30;

    [Range(1, 720, ErrorMessage = "WebSession:AbsoluteHours must be between {1} and {2}.")]
    public int AbsoluteHours { get; set; } = 12;

    public TimeSpan Idle => TimeSpan.FromMinutes(IdleMinutes);

    public TimeSpan Absolute => TimeSpan.FromHours(AbsoluteHours);
}

public sealed class WebSessionOptionsValidator : IValidateOptions<WebSessionOptions>
{
    public ValidateOptionsResult Validate(string? name, WebSessionOptions options) =>
        options.Idle > options.Absolute
            ? ValidateOptionsResult.Fail($"WebSession:IdleMinutes ({options.IdleMinutes}) may not exceed WebSession:AbsoluteHours ({options.AbsoluteHours} h).")
            : ValidateOptionsResult.Success;
}

/// <summary>One web session: <see cref="Key"/> is what personal records are filed under (never the cookie's token).</summary>
public sealed record WebSession(string Key, DateTimeOffset CreatedAt);

/// <summary>
/// Server-issued web sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie (Secure whenever the
/// request is HTTPS, which behind a trusted proxy means its X-Forwarded-Proto), and server-side state in
/// <see cref="ISharedState"/> under the token's SHA-256, so every instance sees the same sessions (Redis in
/// distributed mode) and a copy of the store holds no usable token. Server-side rather than a Data-Protection-sealed
/// cookie because idle expiry and ending a session need state anyway, and the shared store already exists: no key
/// ring to share, rotate and back up.
/// </summary>
public sealed class WebSessionStore(ISharedState state, TimeProvider time, IOptions<WebSessionOptions> options)
{
    public const string CookieName = "clearance_session";

    private const string Prefix = "web-session:";

    /// <summary>The request's live session, or null (no cookie, unknown token, expired).</summary>
    public async Task<WebSession?> FindAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var token) || token is not { Length: 43 }) return null;
        var key = KeyOf(token);
        if (await state.GetAsync(Prefix + key, cancellationToken) is not { } stored) return null;
        var parts = stored.Split('\n');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var created)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var lastSeen))
            return null;
        var now = time.GetUtcNow();
        var o = options.Value;
        var createdAt = new DateTimeOffset(created, TimeSpan.Zero);
        // The store's expiry already drops idle sessions; checking here too makes a clock the store does not share
        // (tests, an instance with a skewed clock) no way around either limit.
        if (now - new DateTimeOffset(lastSeen, TimeSpan.Zero) >= o.Idle || now - createdAt >= o.Absolute)
        {
            await state.DeleteAsync(Prefix + key, cancellationToken);
            return null;
        }
        await SaveAsync(key, createdAt, now, cancellationToken);
        return new WebSession(key, createdAt);
    }

    /// <summary>The request's session, issuing a new one (and its cookie) when it has none.</summary>
    public async Task<WebSession> GetOrIssueAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (await FindAsync(http, cancellationToken) is { } session) return session;
        var token = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = KeyOf(token);
        var now = time.GetUtcNow();
        await SaveAsync(key, now, now, cancellationToken);
        http.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = options.Value.Absolute,
            IsEssential = true,
        });
        return new WebSession(key, now);
    }

    private Task SaveAsync(string key, DateTimeOffset createdAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var left = createdAt + o.Absolute - now;
        var ttl = left < o.Idle ? left : o.Idle;
        return state.SetAsync(Prefix + key, $"{createdAt.UtcTicks}\n{now.UtcTicks}", ttl > TimeSpan.Zero ? ttl : TimeSpan.FromSeconds(1), cancellationToken);
    }

    /// <summary>Half the token's hash, hex: enough to be unique, and filed records never hold the token itself.</summary>
    private static string KeyOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)).AsSpan(0, 16));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class WebSessionFeature
{
    public static IHostApplicationBuilder AddWebSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebSessionOptions>().BindConfiguration(WebSessionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebSessionOptions>, WebSessionOptionsValidator>();
        builder.Services.AddSingleton<WebSessionStore>();
        builder.Services.AddSingleton<WebBindingCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebBindingCleanup>());
        return builder;
    }
}
