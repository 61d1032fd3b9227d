using System.Net;
using Clearance.Bot.ClientLimits;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Staff;

/// <summary>
/// How a browser gets into the job dashboard (issue 17 item 5): an administrator's key typed into a form and POSTed to
/// <c>/hangfire/login</c>, which starts a <see cref="DashboardSessions"/> cookie and redirects to the dashboard. A key in
/// the URL would land in proxy logs and browser history, so <c>?key=</c> is never accepted: the request is redirected
/// to the same address without it. Tools keep sending the key in the <c>X-Api-Key</c> header and need no session.
/// </summary>
public static class DashboardLogin
{
    public const string LoginPath = "/hangfire/login";
    public const string LogoutPath = "/hangfire/logout";
    public const string KeyField = "key";
    private const int MaxFormBytes = 4096;

    public static IEndpointRouteBuilder MapDashboardLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, GetLogin).WithName("DashboardLoginForm").AllowAnonymous().ExcludeFromDescription();
        // Under the per-address limit: the form is a place to guess keys.
        app.MapPost(LoginPath, PostLogin).WithName("DashboardLogin").AllowAnonymous().RequirePerClientLimit().ExcludeFromDescription();
        app.MapPost(LogoutPath, PostLogout).WithName("DashboardLogout").AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static IResult GetLogin() => Page(StatusCodes.Status200OK, null);

    public static async Task<IResult> PostLogin(
        HttpContext context, DashboardSessions sessions, IOptionsMonitor<StaffKeyOptions> staffKeys, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || context.Request.ContentLength is null or > MaxFormBytes)
            return Page(StatusCodes.Status400BadRequest, "请在表单里填写密钥后提交。Send the key as a form field named 'key'.");
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var presented = form[KeyField].ToString().Trim();
        if (presented.Length == 0) return Page(StatusCodes.Status400BadRequest, "请填写密钥。The key is empty.");
        // One answer for an unknown key and a key that may not open the dashboard: the form does not say which keys exist.
        if (StaffKeyAuthenticationHandler.Find(staffKeys.CurrentValue.StaffKeys, presented) is not { IsAdmin: true } key)
            return Page(StatusCodes.Status401Unauthorized, "这个密钥不能打开任务面板（需要学校管理员或运维的密钥）。This key cannot open the dashboard.");
        var token = await sessions.StartAsync(key, cancellationToken);
        context.Response.Cookies.Append(DashboardSessions.CookieName, token, DashboardSessions.CookieOptions(DashboardSessions.Lifetime));
        return Results.Redirect(Reminders.RemindersFeature.DashboardPath, permanent: false, preserveMethod: false);
    }

    public static async Task<IResult> PostLogout(HttpContext context, DashboardSessions sessions, CancellationToken cancellationToken)
    {
        if (context.Request.Cookies.TryGetValue(DashboardSessions.CookieName, out var token)) await sessions.EndAsync(token, cancellationToken);
        context.Response.Cookies.Delete(DashboardSessions.CookieName, DashboardSessions.CookieOptions(null));
        return Results.Redirect(LoginPath);
    }

    /// <summary>
    /// Before authentication, on the dashboard's paths only: drops a key from the URL, and refuses a state-changing
    /// request that a browser sent from another site. SameSite=Strict already keeps the cookie off such requests; this
    /// holds even where it does not (an old browser, a sibling subdomain counts as same-site).
    /// </summary>
    public static IApplicationBuilder UseDashboardGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments(Reminders.RemindersFeature.DashboardPath))
        {
            await next(context);
            return;
        }
        if (request.Query.ContainsKey(KeyField))
        {
            var rest = request.Query.Where(q => !string.Equals(q.Key, KeyField, StringComparison.OrdinalIgnoreCase))
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
            var query = QueryString.Create(rest);
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect(request.PathBase + request.Path + query);
            return;
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && !IsFromThisSite(request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Cross-site request refused: the dashboard accepts changes only from its own pages.");
            return;
        }
        await next(context);
    });

    /// <summary>
    /// A tool sending the key in a header is not a browser riding a cookie. A browser sends Origin on every POST (and
    /// Sec-Fetch-Site when it knows it); without either it must at least name a Referer on this host.
    /// </summary>
    internal static bool IsFromThisSite(HttpRequest request)
    {
        if (request.Headers.ContainsKey(StaffKeyAuthenticationHandler.HeaderName) || request.Headers.Authorization.Count > 0) return true;
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none")) return false;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) origin = request.Headers.Referer.ToString();
        return origin.Length > 0 && origin != "null"
            && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static IResult Page(int status, string? message)
    {
        var error = message is null ? "" : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(message)}</p>";
        var html = $$"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer"><title>任务面板登录 · Clearance.Bot</title>
            <style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem}input,button{font:inherit;padding:.4rem;width:100%;box-sizing:border-box;margin:.3rem 0}.error{color:#b00020}</style>
            </head><body>
            <h1>任务面板 / Job dashboard</h1>
            {{error}}
            <form method="post" action="{{LoginPath}}" autocomplete="off">
            <label for="key">管理员密钥 / Administrator key</label>
            <input id="key" name="{{KeyField}}" type="password" required autofocus>
            <button type="submit">登录 / Log in</button>
            </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
