using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clearance.Benchmarks;

/// <summary>What the load commands (<c>load</c>, <c>reminders</c>) share: their options, a free port, the hosted service.</summary>
internal static class LoadCommand
{
    public static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The machine line every load result starts with.</summary>
    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, " +
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The real service in this process, in production mode with its SQLite file in <paramref name="dataDirectory"/>;
    /// <paramref name="configure"/> adds the command's own settings.
    /// </summary>
    public static WebApplicationFactory<Clearance.Bot.Webhooks.CallbackTurnRunner> Service(string dataDirectory, Action<IWebHostBuilder> configure)
    {
        // The factory looks for the host's content root beside a solution folder named after the assembly; the
        // service only needs its output folder (knowledge-base is copied there). The factory finds the host by any type
        // of its assembly; `Program` here would be this console's own.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CLEARANCE_BOT", AppContext.BaseDirectory);
        return new WebApplicationFactory<Clearance.Bot.Webhooks.CallbackTurnRunner>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Storage:Sqlite", Path.Combine(dataDirectory, "clearance.db"));
            configure(b);
        });
    }
}
