using System.Collections.Concurrent;

namespace Clearance.Integrations.SharedState;

/// <summary>Embedded-mode shared state: one process, entries expire by the injected clock.</summary>
public sealed class InMemorySharedState(TimeProvider time) : ISharedState
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(string Value, DateTimeOffset ExpiresAt);

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(TryGetLive(key, out var entry) ? entry.Value : null);

    public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        _entries[key] = new Entry(value, time.GetUtcNow() + timeToLive);
        SweepNow();
        return Task.CompletedTask;
    }

    public Task<bool> TryAddAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var fresh = new Entry(value, now + timeToLive);
        while (true)
        {
            if (_entries.TryAdd(key, fresh))
            {
                SweepNow();
                return Task.FromResult(true);
            }
            if (_entries.TryGetValue(key, out var existing))
            {
                if (existing.ExpiresAt > now) return Task.FromResult(false);
                if (_entries.TryUpdate(key, fresh, existing)) return Task.FromResult(true);
            }
        }
    }

    public Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var updated = _entries.AddOrUpdate(
            key,
            _ => new Entry("1", now + window),
            (_, existing) => existing.ExpiresAt <= now
                ? new Entry("1", now + window)
                : existing with { Value = (long.Parse(existing.Value) + 1).ToString() });
        SweepNow();
        return Task.FromResult(long.Parse(updated.Value));
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_entries.TryRemove(key, out _));

    public async Task<IAsyncDisposable?> TryLockAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var token = Guid.NewGuid().ToString("N");
        if (!await TryAddAsync(key, token, timeToLive, cancellationToken)) return null;
        return new Lock(this, key, token);
    }

    private bool TryGetLive(string key, out Entry entry)
    {
        if (_entries.TryGetValue(key, out entry!) && entry.ExpiresAt > time.GetUtcNow()) return true;
        entry = null!;
        return false;
    }

    // Expired entries are dropped by a sweep at most every few seconds, so a long-running process does not grow without
    // bound. Counting writes instead made the sweep's cost grow with the load twice over: more writes meant more sweeps,
    // each over a larger dictionary (at 12,000 webhook messages a second it holds millions of dedupe and nonce keys).
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    /// <summary>Entries held, live or expired and not yet swept.</summary>
    internal int Count => _entries.Count;
    private long _nextSweepTicks;

    private void SweepNow()
    {
        var now = time.GetUtcNow();
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due) return;
        // One writer sweeps; the others carry on.
        if (Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, due) != due) return;
        foreach (var pair in _entries)
        {
            if (pair.Value.ExpiresAt <= now) _entries.TryRemove(pair);
        }
    }

    private sealed class Lock(InMemorySharedState owner, string key, string token) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            if (owner._entries.TryGetValue(key, out var entry) && entry.Value == token)
                owner._entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return ValueTask.CompletedTask;
        }
    }
}
