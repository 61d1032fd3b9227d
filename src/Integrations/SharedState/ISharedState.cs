namespace Clearance.Integrations.SharedState;

/// <summary>
/// The runtime state several instances must agree on: conversation state, message dedupe, replay nonces,
/// rate-limit counters, binding attempts, token-refresh locks, delivery claims. In-process by default,
/// Redis when <c>Redis:Configuration</c> is set; both pass the same contract tests.
/// </summary>
public interface ISharedState
{
    Task<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Sets the key only if it does not exist (Redis <c>SET NX EX</c>); true when this call set it.</summary>
    Task<bool> TryAddAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Atomically increments a counter; the window starts with the first increment and the key expires with it.</summary>
    Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Takes a lock that expires by itself; null when someone else holds it.</summary>
    Task<IAsyncDisposable?> TryLockAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken = default);
}
