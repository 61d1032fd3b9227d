using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Clearance.Integrations.Records;

/// <summary>
/// Creates a short-lived context per operation for the configured provider. Dialogs and middleware are singletons,
/// so they take contexts from here rather than a scoped <see cref="DbContext"/>.
/// </summary>
/// <remarks>
/// Contexts come from EF Core's pool (disposing one resets it and returns it): every turn of an unbound user reads the
/// bindings table, and building a fresh context for it — its internal service scope and dependencies — was the largest
/// single cost of a webhook message in a profile of the load benchmark with 100,000 openids (docs/benchmarks.md).
/// </remarks>
public sealed class RecordsDbContextFactory : IDbContextFactory<ClearanceDbContext>
{
    private readonly Func<ClearanceDbContext> _create;

    public RecordsDbContextFactory(IOptions<StorageOptions> options)
    {
        var storage = options.Value;
        if (storage.IsPostgres)
        {
            var built = new DbContextOptionsBuilder<PostgresClearanceDbContext>()
                .UseNpgsql(storage.ConnectionString)
                .Options;
            var pool = new PooledDbContextFactory<PostgresClearanceDbContext>(built);
            _create = pool.CreateDbContext;
            Describe = "postgres";
        }
        else
        {
            var path = Path.GetFullPath(storage.Sqlite);
            var built = new DbContextOptionsBuilder<SqliteClearanceDbContext>()
                .UseSqlite(SqliteConnectionString(path))
                .Options;
            var pool = new PooledDbContextFactory<SqliteClearanceDbContext>(built);
            _create = pool.CreateDbContext;
            SqlitePath = path;
            Describe = "sqlite " + path;
        }
    }

    /// <summary>Full path of the SQLite file, null with PostgreSQL.</summary>
    public string? SqlitePath { get; }

    /// <summary>For health checks and start-up logs; never includes a password.</summary>
    public string Describe { get; }

    public ClearanceDbContext CreateDbContext() => _create();

    public static string SqliteConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        // Several turns may write at once (binding, staff PUT); wait for the lock instead of failing.
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();
}
