namespace Clearance.Bot.Tests.Browser;

/// <summary>
/// A test that drives Debian's Chromium (<c>apt-get install chromium</c>; <c>CHROMIUM_PATH</c> overrides the path).
/// Skipped where Chromium is missing, unless <c>CLEARANCE_REQUIRE_SERVICES=1</c> (CI), where a missing browser must fail.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.ExecutablePath is null && !Chromium.Required)
            Skip = $"Chromium not found at {Chromium.ConfiguredPath} (apt-get install -y chromium, or set CHROMIUM_PATH).";
    }
}

public static class Chromium
{
    public static string ConfiguredPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string? ExecutablePath => File.Exists(ConfiguredPath) ? ConfiguredPath : null;

    public static bool Required => TestServices.Required;

    /// <summary>
    /// Headless and quiet: no sandbox (root in CI), no GPU, and nothing that phones home (this machine has no network
    /// beyond loopback, and a browser waiting on one slows every test).
    /// </summary>
    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];
}
