using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clearance.Bot.Tests;

/// <summary>
/// The one test application: the real host on an in-memory test server, with its own temporary SQLite file. Tests
/// pass extra settings (configuration keys as in appsettings.json, e.g. "WeChat:Accounts:demo:Token") to exercise a
/// feature, and services that replace the host's (a clock the test moves, a probe dialog). The fixtures
/// (<c>ClearanceApp</c>, <c>ReminderTestHost</c>, <c>WebhookHost</c>) are this application with their settings and
/// helpers for their kind of caller; none builds a host of its own.
/// </summary>
public sealed class BotApplication(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The host on <paramref name="clock"/> instead of the system clock.</summary>
    public static BotApplication WithClock(TimeProvider clock, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(settings, s => s.AddSingleton(clock));

    /// <summary>A client that calls as staff, with <paramref name="key"/> in the X-Api-Key header.</summary>
    public HttpClient CreateStaffClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HttpClient> _webUsers = new(StringComparer.Ordinal);

    /// <summary>
    /// The web client of <paramref name="userId"/>, as a browser is one: its own cookie jar, so it keeps the session
    /// cookie (and with it a binding) across calls, and no other user id shares it. The same client for the same id.
    /// </summary>
    public HttpClient WebUser(string userId) => _webUsers.GetOrAdd(userId, _ => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true }));

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("clearance-bot-tests-").FullName;

    /// <summary>
    /// Serves the host on Kestrel at 127.0.0.1 and a free port instead of the in-memory test server, for clients that
    /// need a real socket (a browser); returns the address.
    /// </summary>
    public Uri StartOnLoopback()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Sqlite", Path.Combine(DataDirectory, "clearance.db"));
        builder.UseSetting("Conversation:MessagesPerMinute", "1000");
        // Every test client calls from one address (the test server's), and many tests bind demo students through the
        // web page: binding on the web is on, and neither limit per address gets in their way. The tests of those
        // limits set their own numbers (BindingLimitsTests, ClientAddressLimitTests).
        builder.UseSetting("Clearance:WebBinding", "true");
        builder.UseSetting("Clearance:WebBindingChecksPerAddress", "1000000");
        builder.UseSetting("ClientLimits:PermitsPerWindow", "1000000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }

    /// <summary>
    /// The host as tests knew it before loading moved after the port opened: loaded, seeded and warmed up. A test of
    /// the loading itself holds it with a <see cref="Startup.StartupHold"/>, and then gets the host at once.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (host.Services.GetRequiredService<Startup.StartupHold>().Released.IsCompleted)
            host.Services.GetRequiredService<Startup.StartupReadiness>().WaitAsync(CancellationToken.None).GetAwaiter().GetResult();
        return host;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            foreach (var client in _webUsers.Values) client.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}
