using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearance.Integrations.Records;

/// <summary>
/// Whether an exception from a records store means the database cannot serve us right now — PostgreSQL stopped or
/// restarting, the network cut, a SQLite file that cannot be opened — which callers explain to the user, rather than a
/// bug, which must still throw: PostgreSQL answering with an error about our statement (a constraint, a bad query) is
/// not an outage, unless it says the error is transient (shutting down, too many connections).
/// </summary>
public static class RecordsOutage
{
    public static bool Is(Exception e) => e switch
    {
        TimeoutException => true,
        PostgresException server => server.IsTransient,
        DbException => true,
        // EF Core hands a driver failure over wrapped: DbUpdateException from SaveChanges, and the execution strategy's
        // InvalidOperationException around either.
        InvalidOperationException or DbUpdateException when e.InnerException is { } inner => Is(inner),
        _ => false,
    };
}
