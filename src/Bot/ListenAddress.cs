namespace Clearance.Bot;

/// <summary>
/// Where the service listens. The conventional settings win — <c>ASPNETCORE_URLS</c>/<c>URLS</c>/<c>--urls</c> and
/// <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c>, as every container image and orchestrator sets them — and only when
/// none is set does the service take its local default, loopback on 5080, so a developer's first run is not open to
/// the network. (A <c>Urls</c> key in appsettings.json would sit above the <c>ASPNETCORE_</c> variables and hide them.)
/// </summary>
public static class ListenAddress
{
    public const string LocalDefault = "http://127.0.0.1:5080";

    // The host's own configuration keys (WebHostDefaults): what ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, … become.
    private const string UrlsKey = "urls";
    private const string HttpPortsKey = "http_ports";
    private const string HttpsPortsKey = "https_ports";

    public static WebApplicationBuilder UseLocalDefaultUnlessConfigured(this WebApplicationBuilder builder)
    {
        if (IsConfigured(builder.Configuration)) return builder;
        builder.WebHost.UseUrls(LocalDefault);
        return builder;
    }

    public static bool IsConfigured(IConfiguration configuration) =>
        Value(configuration, UrlsKey) is not null || Value(configuration, HttpPortsKey) is not null || Value(configuration, HttpsPortsKey) is not null;

    /// <summary>
    /// The addresses this configuration listens on, as a <c>urls</c> value: the urls themselves, else every http port
    /// on every interface, else every https port, else the local default.
    /// </summary>
    public static string Urls(IConfiguration configuration)
    {
        if (Value(configuration, UrlsKey) is { } urls) return urls;
        if (Value(configuration, HttpPortsKey) is { } ports) return OnEveryInterface("http", ports);
        if (Value(configuration, HttpsPortsKey) is { } secure) return OnEveryInterface("https", secure);
        return LocalDefault;
    }

    private static string? Value(IConfiguration configuration, string key) =>
        string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key];

    private static string OnEveryInterface(string scheme, string ports) =>
        string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}"));
}
