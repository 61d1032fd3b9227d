using System.Net;
using Clearance.Bot.Reminders;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Tests.Proxy;

/// <summary>
/// Behind nginx terminating TLS: the dashboard's session cookie must be <c>Secure</c> when the client came over https,
/// which the instance only knows from a trusted proxy's <c>X-Forwarded-Proto</c>.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string AdminKey = "cqu-admin-key-forwarded";

    private static BotApplication Host(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Clearance:StaffKeys:0:Key"] = AdminKey,
            ["Clearance:StaffKeys:0:School"] = "cqu",
            ["Clearance:StaffKeys:0:Office"] = "*",
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return new BotApplication(settings);
    }

    /// <summary>Opens the dashboard with the key from <paramref name="from"/>, as a proxy forwarding an https request.</summary>
    private static async Task<(string Cookie, HttpContext Context)> OpenDashboardAsync(BotApplication bot, string from)
    {
        var context = await bot.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = RemindersFeature.DashboardPath;
            c.Request.QueryString = new QueryString("?key=" + AdminKey);
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
        });
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var cookie = context.Response.Headers.SetCookie.Single(c => c!.StartsWith(Clearance.Bot.Staff.StaffKeyAuthenticationHandler.DashboardCookieName, StringComparison.Ordinal))!;
        return (cookie, context);
    }

    [Fact]
    public async Task OffByDefaultTheHeadersAreIgnored()
    {
        using var bot = Host();

        var (cookie, context) = await OpenDashboardAsync(bot, "10.0.0.5");

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), context.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task FromAProxyInAKnownNetworkTheClientsSchemeAndAddressAreUsed()
    {
        using var bot = Host(new() { ["ForwardedHeaders:Enabled"] = "true", ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" });

        var (cookie, context) = await OpenDashboardAsync(bot, "10.0.0.5");

        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), context.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task FromAnAddressNotNamedAsAProxyTheHeadersAreIgnored()
    {
        using var bot = Host(new() { ["ForwardedHeaders:Enabled"] = "true", ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.7" });

        var (cookie, context) = await OpenDashboardAsync(bot, "192.168.1.9");

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(IPAddress.Parse("192.168.1.9"), context.Connection.RemoteIpAddress);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "172.16.0.0/33", "ForwardedHeaders:KnownNetworks:0")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "nginx", "ForwardedHeaders:KnownProxies:0")]
    [InlineData("ForwardedHeaders:ForwardLimit", "1", "ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks")]
    public void AWrongSettingStopsTheHostNamingTheKey(string key, string value, string named)
    {
        using var bot = Host(new() { ["ForwardedHeaders:Enabled"] = "true", [key] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => bot.CreateClient());

        Assert.Contains(named, error.Message);
    }
}
