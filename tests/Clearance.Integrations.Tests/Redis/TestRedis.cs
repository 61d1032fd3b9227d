using System.Net;
using System.Net.Sockets;
using Clearance.Integrations.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.Tests.Redis;

/// <summary>Connecting the Redis tests to the server <see cref="TestServices"/> names.</summary>
public static class TestRedis
{
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

/// <summary>One multiplexer for a test class, connected on first use so a skipped class never connects.</summary>
public sealed class RedisFixture : IAsyncDisposable
{
    private readonly Lazy<RedisConnection> _connection = new(() => TestRedis.Connect(TestServices.Redis));

    public RedisConnection Connection => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated) await _connection.Value.DisposeAsync();
    }
}
