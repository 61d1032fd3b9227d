using System.Net;
using Clearance.Bot.Staff;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clearance.Bot.Tests.Staff;

/// <summary>
/// A browser on the job dashboard: logs in through the form and carries the session cookie by hand. The test server is
/// plain http and the cookie is always Secure, which a cookie container would (rightly) keep off http requests.
/// </summary>
public static class DashboardBrowser
{
    /// <summary>The origin the test server answers on, as a browser on it would send in Origin.</summary>
    public const string Origin = "http://localhost";

    public static HttpClient Create(BotApplication app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>The Set-Cookie header of a successful login (whose value is the session), or null when refused.</summary>
    public static async Task<string?> LogInAsync(HttpClient client, string key)
    {
        using var response = await PostLoginAsync(client, key);
        if (response.StatusCode != HttpStatusCode.Redirect) return null;
        return response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Single(c => c.StartsWith(DashboardSessions.CookieName + "=", StringComparison.Ordinal))
            : null;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string key, string? origin = Origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, DashboardLogin.LoginPath)
        {
            Content = new FormUrlEncodedContent([new(DashboardLogin.KeyField, key)]),
        };
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string setCookie) =>
        client.SendAsync(WithSession(new HttpRequestMessage(HttpMethod.Get, path), setCookie));

    public static HttpRequestMessage WithSession(HttpRequestMessage request, string setCookie)
    {
        request.Headers.Add("Cookie", setCookie.Split(';')[0]);
        return request;
    }
}
