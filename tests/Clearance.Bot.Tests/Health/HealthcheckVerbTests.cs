using System.Net;
using System.Net.Sockets;
using Clearance.Bot.Cli;
using Clearance.Bot.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearance.Bot.Tests.Health;

/// <summary><c>healthcheck</c>: the container health check, run as the bot's own CLI verb against real sockets on 127.0.0.1.</summary>
public sealed class HealthcheckVerbTests
{
    [Fact]
    public async Task ARunningInstanceIsHealthyThroughItsConfiguredWildcardAddress()
    {
        using var bot = new BotApplication();
        var address = bot.StartOnLoopback();
        // As in the container: Urls=http://0.0.0.0:PORT, read as this machine.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Urls"] = $"http://0.0.0.0:{address.Port}" })
            .Build();
        var verb = new HealthcheckVerb(configuration, bot.Services.GetRequiredService<IHttpClientFactory>());
        using var output = new StringWriter();

        var code = await verb.RunAsync([], output, CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        Assert.StartsWith($"healthy: 200 from http://127.0.0.1:{address.Port}/healthz", output.ToString());
    }

    [Fact]
    public async Task NothingListeningIsUnhealthy()
    {
        using var bot = new BotApplication();
        using var output = new StringWriter();

        var code = await CliDispatcher.RunAsync(bot.Services, ["healthcheck", "--url", $"http://127.0.0.1:{ClosedPort()}/healthz", "--timeout", "2"], output, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.StartsWith("unhealthy:", output.ToString());
    }

    [Fact]
    public async Task AnUnhealthyAnswerIsUnhealthy()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/healthz", () => Results.Json(new { status = "Unhealthy" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        await app.StartAsync();
        using var bot = new BotApplication();
        using var output = new StringWriter();

        var code = await CliDispatcher.RunAsync(bot.Services, ["healthcheck", "--url", app.Urls.First() + "/healthz"], output, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.StartsWith("unhealthy: 503", output.ToString());
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/healthz")]
    [InlineData("http://+:80;https://+:443", "http://127.0.0.1:80/healthz")]
    [InlineData("https://*:443;http://*:5080", "http://127.0.0.1:5080/healthz")]
    [InlineData("http://[::]:8080", "http://127.0.0.1:8080/healthz")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/healthz")]
    [InlineData("http://localhost", "http://localhost:80/healthz")]
    [InlineData("https://0.0.0.0:443", null)]
    [InlineData(null, null)]
    public void TheCheckedAddressIsTheFirstHttpOneOnThisMachine(string? urls, string? expected) =>
        Assert.Equal(expected, HealthcheckVerb.LocalHealthUrl(urls));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
