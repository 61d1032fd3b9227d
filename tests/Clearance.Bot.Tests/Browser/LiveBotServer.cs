using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Clearance.Bot.Tests.Browser;

/// <summary>
/// The real host on Kestrel at 127.0.0.1 and a free port, so a browser can reach it (the in-memory TestServer cannot
/// be). Same settings as <see cref="BotApplication"/>: a temporary SQLite file, a relaxed rate limit, extra keys.
/// </summary>
public sealed class LiveBotServer : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public LiveBotServer(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        this.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("clearance-bot-browser-").FullName;

    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Sqlite", Path.Combine(DataDirectory, "clearance.db"));
        builder.UseSetting("Conversation:MessagesPerMinute", "1000");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
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
