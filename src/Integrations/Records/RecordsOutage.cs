using System.Data.Common;
using Npgsql;

namespace Clearance.Integrations.Records;

/// <summary>
/// Whether an exception from a records store means the database cannot serve us right now — PostgreSQL stopped or
/// restarting, the network cut, a SQLite file that cannot be opened — which callers explain to the user, rather than a
/// bug, which must still throw: PostgreSQL answering with an error about our statement (a constraint, a bad query) is
/// not an outage, unless it says the error is transient (shutting down, too many connections). EF Core's PostgreSQL
/// provider hands a connection failure over wrapped ("likely due to a transient failure"), one level down.
/// </summary>
public static class RecordsOutage
{
    public static bool Is(Exception e) => e switch
    {
        InvalidOperationException { InnerException: { } inner } => IsDatabaseDown(inner),
        TimeoutException => true,
        _ => IsDatabaseDown(e),
    };

    private static bool IsDatabaseDown(Exception e) => e switch
    {
        PostgresException server => server.IsTransient,
        DbException => true,
        _ => false,
    };
}
