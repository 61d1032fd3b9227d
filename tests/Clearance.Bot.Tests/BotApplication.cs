using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clearance.Bot.Tests;

/// <summary>
/// The real host on an in-memory test server, with its own temporary SQLite file. Tests pass extra settings
/// (configuration keys as in appsettings.json, e.g. "WeChat:Accounts:demo:Token") to exercise a feature.
/// </summary>
public sealed class BotApplication(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("clearance-bot-tests-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Sqlite", Path.Combine(DataDirectory, "clearance.db"));
        builder.UseSetting("Conversation:MessagesPerMinute", "1000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
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
