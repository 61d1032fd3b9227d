using Clearance.Integrations.Records;

namespace Clearance.Integrations.ClearanceStatus;

/// <summary><c>Clearance:Provider=sqlite</c>: statuses from our own records (SQLite or PostgreSQL).</summary>
public sealed class StoreStatusProvider(ProgressStore store) : IClearanceStatusProvider
{
    public bool OwnsRecords => true;

    public async Task<ClearanceLookup> LookupAsync(string school, string studentId, CancellationToken cancellationToken)
    {
        try
        {
            var record = await store.GetRecordAsync(school, studentId, cancellationToken);
            return record is null ? ClearanceLookup.NotFound : ClearanceLookup.Found(record);
        }
        catch (Exception e) when (RecordsOutage.Is(e))
        {
            // A database that is down (PostgreSQL restarting) is an outage to explain, not an error to show.
            return ClearanceLookup.Unavailable("store: " + e.GetType().Name);
        }
    }
}
