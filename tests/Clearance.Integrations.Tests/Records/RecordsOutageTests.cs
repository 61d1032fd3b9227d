using System.Net.Sockets;
using Clearance.Integrations.Records;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearance.Integrations.Tests.Records;

/// <summary>What the records stores' callers treat as "the database is down, say so" rather than a bug to throw.</summary>
public sealed class RecordsOutageTests
{
    private static NpgsqlException Refused() => new("Failed to connect to 127.0.0.1:5433", new SocketException((int)SocketError.ConnectionRefused));

    [Fact]
    public void AConnectionRefusedIsAnOutageAlsoWhenEfCoreWrapsIt()
    {
        Assert.True(RecordsOutage.Is(Refused()));
        Assert.True(RecordsOutage.Is(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", Refused())));
        Assert.True(RecordsOutage.Is(new InvalidOperationException("transient", new DbUpdateException("saving", Refused()))));
    }

    [Fact]
    public void AServerShuttingDownIsAnOutageButAConstraintViolationIsABug()
    {
        Assert.True(RecordsOutage.Is(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.False(RecordsOutage.Is(new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505")));
    }

    [Fact]
    public void OtherExceptionsAreNotOutages()
    {
        Assert.False(RecordsOutage.Is(new InvalidOperationException("a bug")));
        Assert.False(RecordsOutage.Is(new ArgumentException("a bug")));
        Assert.False(RecordsOutage.Is(new InvalidOperationException("a bug", new ArgumentException("inside"))));
        Assert.False(RecordsOutage.Is(new DbUpdateException("conflict", new PostgresException("duplicate key", "ERROR", "ERROR", "23505"))));
    }
}
