using Clearance.Integrations.SharedState;
using StackExchange.Redis;

namespace Clearance.Integrations.Redis;

/// <summary>
/// Distributed-mode shared state: plain Redis strings under <see cref="RedisOptions.KeyPrefix"/>, expiry in
/// milliseconds (PX) so short windows behave as they do in memory. Each operation is one atomic command or script.
/// Failures surface as <see cref="RedisConnectionException"/>/<see cref="RedisTimeoutException"/> within the short
/// client timeouts; <see cref="ResilientSharedState"/> decides what they mean for the bot.
/// </summary>
public sealed class RedisSharedState(RedisConnection connection, string keyPrefix) : ISharedState
{
    // INCR then PEXPIRE in one script, so a crash between them cannot leave a counter that never expires. The window
    // starts at the first increment; the PTTL check also heals a key someone wrote without expiry.
    private const string IncrementScript = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 or redis.call('PTTL', KEYS[1]) == -1 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
        end
        return n
        """;

    // Compare-and-delete: a lock that expired and was taken by someone else must not be released by its old holder.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync();
        return await db.StringGetAsync(Key(key)).WaitAsync(cancellationToken);
    }

    public async Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync();
        await db.StringSetAsync(Key(key), value, timeToLive).WaitAsync(cancellationToken);
    }

    public async Task<bool> TryAddAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync();
        return await db.StringSetAsync(Key(key), value, timeToLive, When.NotExists).WaitAsync(cancellationToken);
    }

    public async Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync();
        var result = await db.ScriptEvaluateAsync(IncrementScript, [Key(key)], [Milliseconds(window)]).WaitAsync(cancellationToken);
        return (long)result;
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var db = await connection.GetDatabaseAsync();
        return await db.KeyDeleteAsync(Key(key)).WaitAsync(cancellationToken);
    }

    public async Task<IAsyncDisposable?> TryLockAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var token = Guid.NewGuid().ToString("N");
        var db = await connection.GetDatabaseAsync();
        var redisKey = Key(key);
        if (!await db.StringSetAsync(redisKey, token, timeToLive, When.NotExists).WaitAsync(cancellationToken)) return null;
        return new RedisLock(db, redisKey, token);
    }

    private RedisKey Key(string key) => keyPrefix + key;

    // At least 1 ms: PEXPIRE 0 would delete the key at once.
    private static long Milliseconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds));

    private sealed class RedisLock(IDatabase db, RedisKey key, string token) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            await db.ScriptEvaluateAsync(ReleaseScript, [key], [token]);
        }
    }
}
