using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Clearance.Bot.Tests.Health;

/// <summary>
/// Where the service listens: the conventional ASP.NET Core variables win, and loopback:5080 is only the default when
/// none is set. The service runs as a real process here, because the point is what its configuration files do to the
/// variables a container or orchestrator sets.
/// </summary>
public sealed class ListenAddressTests
{
    [Fact]
    public async Task WithAspNetCoreHttpPortsSetTheServiceListensOnThatPort()
    {
        var port = FreePort();

        await AssertServiceAnswersAsync(new() { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, port);
    }

    [Fact]
    public async Task WithAspNetCoreUrlsSetTheServiceListensThere()
    {
        var port = FreePort();

        await AssertServiceAnswersAsync(new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, port);
    }

    [Fact]
    public async Task WithNeitherSetTheServiceTakesLoopbackOn5080()
    {
        // The healthcheck verb checks the address the service would listen on; whether anything answers there does not matter.
        using var process = StartBot([], "healthcheck", "--timeout", "1");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Contains("http://127.0.0.1:5080/healthz", output);
    }

    [Fact]
    public async Task TheHealthcheckFollowsAspNetCoreHttpPorts()
    {
        using var process = StartBot(new() { ["ASPNETCORE_HTTP_PORTS"] = "8080" }, "healthcheck", "--timeout", "1");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Contains("http://127.0.0.1:8080/healthz", output);
    }

    [Theory]
    [InlineData("http://0.0.0.0:9000", null, null, "http://0.0.0.0:9000")]
    [InlineData("http://0.0.0.0:9000", "8080", null, "http://0.0.0.0:9000")]
    [InlineData(null, "8080", null, "http://*:8080")]
    [InlineData(null, "8080;8081", null, "http://*:8080;http://*:8081")]
    [InlineData(null, null, "8443", "https://*:8443")]
    [InlineData(null, null, null, ListenAddress.LocalDefault)]
    [InlineData(" ", "", null, ListenAddress.LocalDefault)]
    public void TheListeningAddressesAreTheUrlsThenThePortsThenTheLocalDefault(string? urls, string? httpPorts, string? httpsPorts, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls, ["http_ports"] = httpPorts, ["https_ports"] = httpsPorts })
            .Build();

        Assert.Equal(expected, ListenAddress.Urls(configuration));
        Assert.Equal(expected != ListenAddress.LocalDefault, ListenAddress.IsConfigured(configuration));
    }

    private static async Task AssertServiceAnswersAsync(Dictionary<string, string> environment, int port)
    {
        var data = Directory.CreateTempSubdirectory("clearance-listen-").FullName;
        environment["Storage__Sqlite"] = Path.Combine(data, "clearance.db");
        using var process = StartBot(environment);
        // Drain both streams: a service blocked on a full pipe would not answer.
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                if (process.HasExited)
                    lock (errors) Assert.Fail("the service stopped: " + errors);
                try
                {
                    using var response = await client.GetAsync($"http://127.0.0.1:{port}/healthz");
                    return; // any HTTP answer: the service is listening on the port it was given
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250);
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }

    private static Process StartBot(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Clearance.Bot.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Only what each test sets: none of the listening variables may leak in from the machine running the tests.
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS", "URLS", "HTTP_PORTS", "HTTPS_PORTS" })
            start.Environment.Remove(name);
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the service");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
