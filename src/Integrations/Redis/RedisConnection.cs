using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Clearance.Integrations.Redis;

/// <summary>
/// The process's one <see cref="ConnectionMultiplexer"/> (it is thread-safe and meant to be shared), connected
/// lazily: the host starts before Redis answers, the first operation (or the warm-up at start) connects, and the
/// multiplexer reconnects by itself after an outage.
/// </summary>
public sealed partial class RedisConnection(IOptions<RedisOptions> options, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<RedisConnection>();
    private Task<ConnectionMultiplexer>? _connecting;

    public RedisOptions Options => options.Value;

    /// <summary>The endpoints as configured, for health reports and logs (never the password).</summary>
    public string Endpoints => string.Join(",", options.Value.ToClientConfiguration().EndPoints.Select(e => e.ToString()));

    /// <summary>True once connected and while a connection is up.</summary>
    public bool IsConnected => _connecting is { IsCompletedSuccessfully: true } task && task.Result.IsConnected;

    public Task<ConnectionMultiplexer> GetMultiplexerAsync()
    {
        var connecting = _connecting;
        if (connecting is { IsFaulted: false, IsCanceled: false }) return connecting;
        lock (_gate)
        {
            // A faulted attempt (e.g. DNS failure on the first try) is not cached: the next caller tries again.
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled) _connecting = ConnectAsync();
            return _connecting;
        }
    }

    public async Task<IDatabase> GetDatabaseAsync() => (await GetMultiplexerAsync()).GetDatabase();

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = options.Value.ToClientConfiguration();
        configuration.LoggerFactory = loggerFactory;
        // With AbortOnConnectFail off this returns after ConnectTimeout even when Redis is down, and keeps trying.
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(_logger, e.EndPoint?.ToString(), e.FailureType.ToString());
        multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(_logger, e.EndPoint?.ToString());
        if (!multiplexer.IsConnected) LogNotYetConnected(_logger, Endpoints);
        return multiplexer;
    }

    /// <summary>Starts connecting without waiting, so the first request does not pay for it and start never blocks.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = GetMultiplexerAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_connecting is { IsCompletedSuccessfully: true } task) await task.Result.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed ({FailureType}); retrying in the background")]
    private static partial void LogConnectionFailed(ILogger logger, string? endPoint, string failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string? endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {EndPoints} is not reachable yet; serving degraded until it is")]
    private static partial void LogNotYetConnected(ILogger logger, string endPoints);
}
