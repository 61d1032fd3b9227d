using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clearance.Integrations.Records;

/// <summary>
/// Brings the schema to the latest migration once per process. The host does it at start (so a broken database
/// stops it early); CLI verbs, which do not start the host, get the same guarantee from the store's first call.
/// </summary>
public sealed partial class RecordsSchema(RecordsDbContextFactory contexts, ILogger<RecordsSchema> logger)
{
    private readonly Lock _gate = new();
    private Task? _migration;

    public Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A failed attempt is not cached: the next call tries again (e.g. PostgreSQL came up late).
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
                _migration = MigrateAsync(cancellationToken);
            return _migration;
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (contexts.SqlitePath is { } path)
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var db = contexts.CreateDbContext();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (contexts.SqlitePath is not null)
        {
            // WAL lets status reads go on while a staff import writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        LogMigrated(logger, contexts.Describe, pending.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Records store {Store}: {Applied} migrations applied")]
    private static partial void LogMigrated(ILogger logger, string store, int applied);
}

/// <summary>Migrates at host start.</summary>
public sealed class RecordsMigrationService(RecordsSchema schema) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => schema.EnsureMigratedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
