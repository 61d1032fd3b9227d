using System.Net;
using System.Net.Sockets;
using Clearance.Integrations.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.Tests.Redis;

/// <summary>
/// Where the Redis tests find a server: <c>CLEARANCE_TEST_REDIS</c> (e.g. <c>127.0.0.1:6379</c>). Unset, they skip —
/// unless <c>CLEARANCE_REQUIRE_SERVICES=1</c> (CI), where they run and fail, so a CI run cannot pass by skipping them.
/// </summary>
public static class TestRedis
{
    public const string Variable = "CLEARANCE_TEST_REDIS";
    public const string RequireVariable = "CLEARANCE_REQUIRE_SERVICES";

    public static string? SkipReason =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } || Environment.GetEnvironmentVariable(RequireVariable) == "1"
            ? null
            : $"{Variable} is not set (e.g. 127.0.0.1:6379)";

    public static string Configuration =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{RequireVariable}=1 but {Variable} is not set: start redis-server and set it.");

    /// <summary>A key prefix no other test (or earlier run) uses.</summary>
    public static string UniquePrefix() => $"test:{Guid.NewGuid():N}:";

    public static RedisConnection Connect(string configuration, int timeoutMilliseconds = 1_000) =>
        new(Options.Create(new RedisOptions { Configuration = configuration, TimeoutMilliseconds = timeoutMilliseconds }), NullLoggerFactory.Instance);

    /// <summary>A local port nothing listens on (just released by the OS), for "Redis is down" tests.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that needs a real redis-server (see <see cref="TestRedis"/>).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (TestRedis.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>One multiplexer for a test class, connected on first use so a skipped class never connects.</summary>
public sealed class RedisFixture : IAsyncDisposable
{
    private readonly Lazy<RedisConnection> _connection = new(() => TestRedis.Connect(TestRedis.Configuration));

    public RedisConnection Connection => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated) await _connection.Value.DisposeAsync();
    }
}
