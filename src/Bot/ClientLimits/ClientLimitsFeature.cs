using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Clearance.Bot.Proxy;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.ClientLimits;

/// <summary>
/// <c>ClientLimits</c>: requests one client address may make to the public JSON endpoints per window. The per-user
/// limit (<c>Conversation:MessagesPerMinute</c>) keys on a <c>userId</c> the client chooses; this one keys on what it
/// cannot choose. Behind a proxy the address is the forwarded one only when <c>ForwardedHeaders</c> trusts the proxy —
/// otherwise every client shares the proxy's address, so turn that on first. Counted per instance.
/// </summary>
public sealed class ClientLimitOptions
{
    public const string SectionName = "ClientLimits";

    /// <summary>Requests per window from one address; a shared address (a campus NAT) needs room for its users.</summary>
    [Range(1, 1_000_000, ErrorMessage = "ClientLimits:PermitsPerWindow must be between {1} and {2}.")]
    public int PermitsPerWindow { get; set; } = 60;

    [Range(1, 86_400, ErrorMessage = "ClientLimits:WindowSeconds must be between {1} and {2}.")]
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Per-client-address limits with ASP.NET Core's rate limiter, as a policy that public routes opt into
/// (<see cref="RequirePerClientLimit{TBuilder}"/>). The WeChat and WeCom callbacks do not: every message comes from
/// the platform's few shared addresses, and they keep their per-openid limit in the conversation pipeline. Staff routes
/// do not either: they are authenticated. A refusal is 429 with <c>Retry-After</c> and a ProblemDetails body.
/// </summary>
public static class ClientLimitsFeature
{
    public const string PerClientAddress = "per-client-address";

    public static IHostApplicationBuilder AddClientLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClientLimitOptions>().BindConfiguration(ClientLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerClientAddress, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<ClientLimitOptions>>().Value;
                // No address (an in-process test server) is one client, not a way around the limit.
                return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(context) ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitsPerWindow,
                    Window = TimeSpan.FromSeconds(options.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>After the forwarded headers, so the limiter partitions by the client's address, not the proxy's.</summary>
    public static WebApplication UseClientLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    public static TBuilder RequirePerClientLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(PerClientAddress);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : http.RequestServices.GetRequiredService<IOptions<ClientLimitOptions>>().Value.WindowSeconds;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests from this address",
                Detail = $"Try again in {seconds} s.",
            },
        });
    }
}
