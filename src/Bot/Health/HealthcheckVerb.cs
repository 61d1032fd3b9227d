using System.Globalization;
using Clearance.Bot.Cli;

namespace Clearance.Bot.Health;

/// <summary>
/// <c>healthcheck [--url URL] [--timeout SECONDS]</c>: asks this instance's own <c>/healthz</c> and exits 0 when it
/// answers 200 (Healthy or Degraded — an instance that survives a Redis outage stays in service), 1 otherwise. For
/// container health checks: the ASP.NET runtime image has no curl or wget, but it has <c>dotnet</c>.
/// </summary>
public sealed class HealthcheckVerb(IConfiguration configuration, IHttpClientFactory clients) : ICliVerb
{
    public const string HttpClientName = "healthcheck";

    public string Name => "healthcheck";

    public string Usage => "healthcheck [--url http://127.0.0.1:8080/healthz] [--timeout 5]  (default: the first http address the service listens on)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var (options, _) = CliDispatcher.Parse(args);
        var listening = ListenAddress.Urls(configuration);
        var url = options.GetValueOrDefault("url") ?? LocalHealthUrl(listening);
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var target))
        {
            await output.WriteLineAsync($"unhealthy: no http address to check (listening on '{listening}'); pass --url");
            return 1;
        }
        var seconds = options.TryGetValue("timeout", out var t) && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 5;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            using var response = await clients.CreateClient(HttpClientName).GetAsync(target, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var healthy = (int)response.StatusCode == StatusCodes.Status200OK;
            await output.WriteLineAsync($"{(healthy ? "healthy" : "unhealthy")}: {(int)response.StatusCode} from {target} {body}");
            return healthy ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await output.WriteLineAsync($"unhealthy: {target} did not answer ({e.GetType().Name}: {e.Message})");
            return 1;
        }
    }

    /// <summary>
    /// <c>/healthz</c> at the first http address the service listens on, with a wildcard host (<c>0.0.0.0</c>, <c>+</c>,
    /// <c>*</c>, <c>[::]</c>) read as this machine: <c>http://0.0.0.0:8080</c> → <c>http://127.0.0.1:8080/healthz</c>.
    /// </summary>
    public static string? LocalHealthUrl(string? urls)
    {
        foreach (var candidate in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!candidate.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) continue;
            var rest = candidate["http://".Length..];
            var slash = rest.IndexOf('/');
            var authority = slash < 0 ? rest : rest[..slash];
            var colon = authority.EndsWith(']') ? -1 : authority.LastIndexOf(':');
            var host = colon < 0 ? authority : authority[..colon];
            var port = colon < 0 ? "80" : authority[(colon + 1)..];
            if (host is "0.0.0.0" or "+" or "*" or "[::]" or "") host = "127.0.0.1";
            return $"http://{host}:{port}/healthz";
        }
        return null;
    }
}
