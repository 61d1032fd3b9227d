using System.ComponentModel.DataAnnotations;

namespace Clearance.Integrations.SharedState;

/// <summary>
/// <c>SharedState</c>: limits of the embedded (in-process) store, used when <c>Redis:Configuration</c> is empty and
/// as the fallback while Redis is unreachable. Redis bounds itself (its own <c>maxmemory</c> policy).
/// </summary>
public sealed class SharedStateOptions
{
    public const string SectionName = "SharedState";

    /// <summary>
    /// Entries the embedded store holds at most; past it the least recently used go first. Every new user costs a
    /// few (a rate counter, a binding lookup, a conversation while it has one), a few hundred bytes each, so the
    /// default holds tens of thousands of active users in tens of megabytes.
    /// </summary>
    [Range(1_000, 10_000_000, ErrorMessage = "SharedState:MaxEntries must be between 1000 and 10000000.")]
    public int MaxEntries { get; set; } = InMemorySharedState.DefaultMaxEntries;
}
