using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Clearance.Bot.Tests.Proxy;

/// <summary>
/// Behind nginx terminating TLS: the instance learns the client's scheme and address only from a trusted proxy's
/// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> (the per-address limits key on that address). The dashboard's
/// cookie no longer depends on it: it is <c>Secure</c> whatever the scheme (<c>DashboardSessionTests</c>).
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

    /// <summary>Opens the dashboard's login form from <paramref name="from"/>, as a proxy forwarding an https request.</summary>
    private static async Task<HttpContext> OpenDashboardAsync(BotApplication bot, string from)
    {
        var context = await bot.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = Clearance.Bot.Staff.DashboardLogin.LoginPath;
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
        });
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        return context;
    }

    [Fact]
    public async Task OffByDefaultTheHeadersAreIgnored()
    {
        using var bot = Host();

        var context = await OpenDashboardAsync(bot, "10.0.0.5");

        Assert.False(context.Request.IsHttps);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), context.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task FromAProxyInAKnownNetworkTheClientsSchemeAndAddressAreUsed()
    {
        using var bot = Host(new() { ["ForwardedHeaders:Enabled"] = "true", ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" });

        var context = await OpenDashboardAsync(bot, "10.0.0.5");

        Assert.True(context.Request.IsHttps);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), context.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task FromAnAddressNotNamedAsAProxyTheHeadersAreIgnored()
    {
        using var bot = Host(new() { ["ForwardedHeaders:Enabled"] = "true", ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.7" });

        var context = await OpenDashboardAsync(bot, "192.168.1.9");

        Assert.False(context.Request.IsHttps);
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
