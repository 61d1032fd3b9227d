using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Clearance.Integrations.Records;

/// <summary>
/// Brings the schema to the latest migration once per process. The host does it first thing after opening its port
/// (the bot's StartupLoading; a broken database stops the host then); CLI verbs, which do not start the host, get the
/// same guarantee from the store's first call.
/// </summary>
public sealed partial class RecordsSchema(RecordsDbContextFactory contexts, ILogger<RecordsSchema> logger)
{
    private readonly Lock _gate = new();
    private Task? _migration;

    /// <summary>No migration has finished (or failed) yet in this process: not started, or under way.</summary>
    public bool IsPending => Volatile.Read(ref _migration) is null or { IsCompleted: false };

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
        if (db.Database.IsNpgsql())
        {
            await MigratePostgresAsync(db, cancellationToken);
            return;
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        // WAL lets status reads go on while a staff import writes.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        LogMigrated(logger, contexts.Describe, pending.Count);
    }

    /// <summary>
    /// Several instances start against one PostgreSQL and each migrates. EF Core's own migration lock does not cover a
    /// fresh database: two migrators both found the history table missing and both ran the first migration, and the
    /// second failed with "relation already exists" (seen in a test of four instances starting together). A session
    /// advisory lock, taken before EF looks at the history, makes the others wait and then find nothing pending.
    /// </summary>
    private async Task MigratePostgresAsync(ClearanceDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another instance created it a moment ago.
            }
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                await db.Database.MigrateAsync(cancellationToken);
                LogMigrated(logger, contexts.Describe, pending.Count);
            }
            finally
            {
                // Session locks outlive a pooled connection's return; release it explicitly.
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The advisory lock id of record migrations ("clearanc" in ASCII); advisory locks are per database.</summary>
    public const long MigrationLockKey = 0x636C656172616E63;

    [LoggerMessage(Level = LogLevel.Information, Message = "Records store {Store}: {Applied} migrations applied")]
    private static partial void LogMigrated(ILogger logger, string store, int applied);
}
