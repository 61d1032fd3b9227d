using System.Data.Common;

namespace Clearance.Integrations.Records;

/// <summary>
/// Whether an exception from a records store means the database is unreachable (PostgreSQL stopped or restarting, the
/// network cut), which callers explain to the user, rather than a bug, which must still throw. EF Core's PostgreSQL
/// provider hands a connection failure over wrapped ("likely due to a transient failure"), so the driver's exception
/// may be one level down.
/// </summary>
public static class RecordsOutage
{
    public static bool Is(Exception e) => e switch
    {
        DbException => true,
        InvalidOperationException { InnerException: DbException } => true,
        TimeoutException => true,
        _ => false,
    };
}
