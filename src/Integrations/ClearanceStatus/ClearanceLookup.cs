using Clearance.Integrations.Records;

namespace Clearance.Integrations.ClearanceStatus;

public enum LookupOutcome
{
    Found,
    /// <summary>Not on the roster (or unknown to the school's system).</summary>
    NotFound,
    /// <summary>The source did not answer in time or answered nonsense: the student is told "查询暂时不可用".</summary>
    Unavailable,
}

/// <summary>A status lookup's result as a value: a provider failure is an outcome, not an exception.</summary>
public sealed record ClearanceLookup(LookupOutcome Outcome, ClearanceRecord? Record, string? Problem = null)
{
    public static ClearanceLookup Found(ClearanceRecord record) => new(LookupOutcome.Found, record);
    public static readonly ClearanceLookup NotFound = new(LookupOutcome.NotFound, null);
    public static ClearanceLookup Unavailable(string problem) => new(LookupOutcome.Unavailable, null, problem);
}

/// <summary>Where a student's live statuses come from: the records store, or the school's own system.</summary>
public interface IClearanceStatusProvider
{
    /// <summary>True when statuses (and submissions) are kept in our store; false when the school's system owns them.</summary>
    bool OwnsRecords { get; }

    Task<ClearanceLookup> LookupAsync(string school, string studentId, CancellationToken cancellationToken);
}
