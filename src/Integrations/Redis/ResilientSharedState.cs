using Clearance.Integrations.SharedState;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clearance.Integrations.Redis;

/// <summary>
/// What the bot does when Redis is unreachable, slow or refusing writes: it keeps answering. Every operation that
/// fails with a Redis availability error is served from this instance's own memory instead, and for
/// <see cref="RetryAfter"/> the instance does not ask Redis at all, so a hanging Redis costs one timeout per window
/// rather than one per operation (a webhook turn makes about six; WeChat gives up after 5 s).
/// <para>
/// Falling back to memory rather than to fixed answers keeps each rule as strict as one instance can make it:
/// <list type="bullet">
/// <item>conversation state: a follow-up that lands on the same instance still has its context; on another one it
/// starts afresh (knowledge answers are stateless anyway);</item>
/// <item>dedupe, replay nonces, delivery claims (TryAdd): a retry that reaches the same instance is still caught; one
/// that reaches another is processed again — a possible duplicate reply beats dropping a student's message, and
/// reminder deliveries also carry an idempotency key in the records database;</item>
/// <item>rate limits and binding attempts (Increment): counted per instance, so at worst N instances allow N times
/// the limit for the length of the outage, instead of locking every student out (or letting everyone through);</item>
/// <item>locks (token refresh): exclusive within the instance; two instances may both refresh a token once, which
/// the platform tolerates;</item>
/// <item>delete: removes the local copy; a Redis copy expires by itself.</item>
/// </list>
/// </para>
/// Programming errors (wrong type, script errors) are not availability errors and still throw.
/// </summary>
public sealed partial class ResilientSharedState : ISharedState
{
    /// <summary>How long the instance stays on its own memory before trying Redis again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly ISharedState _redis;
    private readonly InMemorySharedState _fallback;
    private readonly TimeProvider _time;
    private readonly ILogger<ResilientSharedState> _logger;
    private long _degradedUntilTicks;
    private int _degraded;

    /// <param name="fallbackMaxEntries">The cap of the memory used while Redis is away (<c>SharedState:MaxEntries</c>).</param>
    public ResilientSharedState(ISharedState redis, TimeProvider time, ILogger<ResilientSharedState> logger,
        int fallbackMaxEntries = InMemorySharedState.DefaultMaxEntries)
    {
        _redis = redis;
        _time = time;
        _logger = logger;
        _fallback = new InMemorySharedState(time, fallbackMaxEntries);
    }

    /// <summary>True from the first availability failure until an operation succeeds on Redis again.</summary>
    public bool IsDegraded => Volatile.Read(ref _degraded) == 1;

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync(nameof(GetAsync), s => s.GetAsync(key, cancellationToken));

    public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
        RunAsync(nameof(SetAsync), async s =>
        {
            await s.SetAsync(key, value, timeToLive, cancellationToken);
            return true;
        });

    public Task<bool> TryAddAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default) =>
        RunAsync(nameof(TryAddAsync), s => s.TryAddAsync(key, value, timeToLive, cancellationToken));

    public Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default) =>
        RunAsync(nameof(IncrementAsync), s => s.IncrementAsync(key, window, cancellationToken));

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        RunAsync(nameof(DeleteAsync), async s =>
        {
            // The local copy goes too, so a value written during an outage does not come back after it.
            var local = s != _fallback && await _fallback.DeleteAsync(key, cancellationToken);
            return await s.DeleteAsync(key, cancellationToken) || local;
        });

    public async Task<IAsyncDisposable?> TryLockAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var held = await RunAsync(nameof(TryLockAsync), s => s.TryLockAsync(key, timeToLive, cancellationToken));
        return held is null ? null : new ReleaseQuietly(held, this);
    }

    private async Task<T> RunAsync<T>(string operation, Func<ISharedState, Task<T>> run)
    {
        if (_time.GetUtcNow().UtcTicks < Volatile.Read(ref _degradedUntilTicks)) return await run(_fallback);
        try
        {
            var result = await run(_redis);
            if (Interlocked.Exchange(ref _degraded, 0) == 1) LogRecovered(_logger);
            return result;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            Trip(operation, e);
            return await run(_fallback);
        }
    }

    private void Trip(string operation, Exception e)
    {
        Volatile.Write(ref _degradedUntilTicks, (_time.GetUtcNow() + RetryAfter).UtcTicks);
        // One warning per outage, not one per operation: an outage in June would otherwise flood the logs.
        if (Interlocked.Exchange(ref _degraded, 1) == 0) LogDegraded(_logger, e, operation, RetryAfter.TotalSeconds);
        else LogStillDegraded(_logger, operation, e.GetType().Name);
    }

    /// <summary>Redis cannot serve right now — as opposed to a bug in how we call it, which must not be hidden.</summary>
    internal static bool IsUnavailable(Exception e) => e switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        // noeviction at maxmemory (OOM), a replica after failover (READONLY), a restart loading its data (LOADING),
        // a busy script (BUSY), a primary gone (MASTERDOWN, CLUSTERDOWN, TRYAGAIN), too many clients.
        RedisServerException server => server.Kind is RedisErrorKind.OutOfMemory or RedisErrorKind.ReadOnly
            or RedisErrorKind.Loading or RedisErrorKind.Busy or RedisErrorKind.MasterDown or RedisErrorKind.ClusterDown
            or RedisErrorKind.TryAgain or RedisErrorKind.MaxClients,
        _ => false,
    };

    /// <summary>A lock expires by itself, so failing to release it during an outage is not worth failing the caller.</summary>
    private sealed class ReleaseQuietly(IAsyncDisposable inner, ResilientSharedState owner) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
            }
            catch (Exception e) when (IsUnavailable(e))
            {
                owner.Trip("ReleaseLock", e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable during {Operation}; serving shared state from this instance's memory, retrying every {RetrySeconds} s")]
    private static partial void LogDegraded(ILogger logger, Exception exception, string operation, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redis still unavailable during {Operation} ({Error})")]
    private static partial void LogStillDegraded(ILogger logger, string operation, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back; shared state is distributed again")]
    private static partial void LogRecovered(ILogger logger);
}
