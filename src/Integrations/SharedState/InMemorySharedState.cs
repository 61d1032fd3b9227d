namespace Clearance.Integrations.SharedState;

/// <summary>
/// Embedded-mode shared state: one process, entries expire by the injected clock, and the store never holds more than
/// <see cref="MaxEntries"/>: past it the least recently used entry goes. Without the cap every new user id (a flood of
/// made-up openids or web ids) grew the heap for good until expiry, and a million ids cost gigabytes.
/// </summary>
/// <remarks>
/// One lock around a dictionary and a recency list: each operation is a few hundred nanoseconds under it, far below
/// what one process serves, and exact LRU needs the list. Evicting is what an expiry would have done early: a rate
/// counter or binding lookup starts again, a conversation forgets its follow-up topic. The entries that guard
/// (replay nonces, binding-attempt counters, locks) are the recently used ones while an attack is under way, so a
/// flood of other ids has to exceed the cap within their lifetime to push them out; the per-address limits bound that.
/// </remarks>
public sealed class InMemorySharedState : ISharedState
{
    public const int DefaultMaxEntries = 100_000;

    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    // Most recently used first; eviction takes from the end.
    private readonly LinkedList<Entry> _recency = new();

    public InMemorySharedState(TimeProvider time) : this(time, DefaultMaxEntries)
    {
    }

    public InMemorySharedState(TimeProvider time, int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _time = time;
        MaxEntries = maxEntries;
    }

    public int MaxEntries { get; }

    /// <summary>Entries held, live or expired and not yet swept; never more than <see cref="MaxEntries"/>.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>Entries pushed out by the cap since start (not those that expired).</summary>
    public long Evicted => Interlocked.Read(ref _evicted);
    private long _evicted;

    private sealed class Entry(string key, string value, DateTimeOffset expiresAt)
    {
        public string Key { get; } = key;
        public string Value { get; set; } = value;
        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
    }

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(TryGetLive(key, _time.GetUtcNow(), out var node) ? node.Value.Value : null);
        }
    }

    public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Put(key, value, now + timeToLive, now);
        }
        return Task.CompletedTask;
    }

    public Task<bool> TryAddAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (TryGetLive(key, now, out _)) return Task.FromResult(false);
            Put(key, value, now + timeToLive, now);
            return Task.FromResult(true);
        }
    }

    public Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (TryGetLive(key, now, out var node))
            {
                var count = long.Parse(node.Value.Value) + 1;
                node.Value.Value = count.ToString();
                return Task.FromResult(count);
            }
            Put(key, "1", now + window, now);
            return Task.FromResult(1L);
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Remove(key, out _));
        }
    }

    public async Task<IAsyncDisposable?> TryLockAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var token = Guid.NewGuid().ToString("N");
        if (!await TryAddAsync(key, token, timeToLive, cancellationToken)) return null;
        return new Lock(this, key, token);
    }

    /// <summary>A live entry, now the most recently used; an expired one is dropped on the way.</summary>
    private bool TryGetLive(string key, DateTimeOffset now, out LinkedListNode<Entry> node)
    {
        if (_entries.TryGetValue(key, out node!))
        {
            if (node.Value.ExpiresAt > now)
            {
                Touch(node);
                return true;
            }
            Remove(key, out _);
        }
        node = null!;
        return false;
    }

    private void Put(string key, string value, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            node.Value.Value = value;
            node.Value.ExpiresAt = expiresAt;
            Touch(node);
            return;
        }
        _entries[key] = _recency.AddFirst(new Entry(key, value, expiresAt));
        SweepIfDue(now);
        while (_entries.Count > MaxEntries)
        {
            var oldest = _recency.Last!;
            Remove(oldest.Value.Key, out _);
            if (oldest.Value.ExpiresAt > now) _evicted++;
        }
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        if (node == _recency.First) return;
        _recency.Remove(node);
        _recency.AddFirst(node);
    }

    private bool Remove(string key, out LinkedListNode<Entry> node)
    {
        if (!_entries.Remove(key, out node!)) return false;
        _recency.Remove(node);
        return true;
    }

    // Expired entries are dropped by a sweep at most every few seconds, so a long-running process does not hold
    // them until the cap pushes them out. Counting writes instead made the sweep's cost grow with the load twice
    // over: more writes meant more sweeps, each over a larger store.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);
    private DateTimeOffset _nextSweep;

    private void SweepIfDue(DateTimeOffset now)
    {
        if (now < _nextSweep) return;
        _nextSweep = now + SweepInterval;
        for (var node = _recency.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.ExpiresAt <= now) Remove(node.Value.Key, out _);
            node = next;
        }
    }

    private sealed class Lock(InMemorySharedState owner, string key, string token) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (owner._gate)
            {
                if (owner._entries.TryGetValue(key, out var node) && node.Value.Value == token) owner.Remove(key, out _);
            }
            return ValueTask.CompletedTask;
        }
    }
}
