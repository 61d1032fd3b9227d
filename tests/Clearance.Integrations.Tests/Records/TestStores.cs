using Clearance.Integrations.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Clearance.Integrations.Tests.Records;

/// <summary>A migrated store on a fresh SQLite file or a fresh PostgreSQL database, dropped afterwards.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly string? _directory;

    private TestStore(StorageOptions options, string? directory)
    {
        _directory = directory;
        Options = options;
        Contexts = new RecordsDbContextFactory(Microsoft.Extensions.Options.Options.Create(options));
        Schema = new RecordsSchema(Contexts, NullLogger<RecordsSchema>.Instance);
        IdDigits = IdDigitsKeyFile.HasherFor(new IdDigitsOptions { Key = options.IsPostgres ? TestServices.IdDigitsKey : null }, options);
        Roster = new RosterStore(Contexts, Schema, Clock, IdDigits);
        Bindings = new BindingStore(Contexts, Schema, Clock, new Clearance.Integrations.SharedState.InMemorySharedState(Clock), IdDigits);
        Progress = new ProgressStore(Contexts, Schema, Clock);
        Audit = new AuditStore(Contexts, Schema);
    }

    public StorageOptions Options { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 20, 2, 0, 0, TimeSpan.Zero));
    public RecordsDbContextFactory Contexts { get; }
    public RecordsSchema Schema { get; }
    /// <summary>The store's ID-digits hash: the key file beside a SQLite store, the test key with PostgreSQL.</summary>
    public IdDigitsHasher IdDigits { get; }
    public RosterStore Roster { get; }
    public BindingStore Bindings { get; }
    public ProgressStore Progress { get; }
    public AuditStore Audit { get; }

    public static TestStore Sqlite()
    {
        var directory = Directory.CreateTempSubdirectory("clearance-store-").FullName;
        return new TestStore(new StorageOptions { Sqlite = Path.Combine(directory, "records.db") }, directory);
    }

    public static TestStore Postgres()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestServices.Postgres)
        {
            Database = "clearance_test_" + Guid.NewGuid().ToString("N")[..12],
        };
        return new TestStore(new StorageOptions { Provider = StorageOptions.PostgresProvider, ConnectionString = builder.ConnectionString }, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is null)
        {
            await using var db = Contexts.CreateDbContext();
            await db.Database.EnsureDeletedAsync();
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp folders; a file still held open is not a test failure.
        }
    }
}

/// <summary>library always, dormitory for on-campus students, loan for loan holders.</summary>
public sealed class TestPlan : IOfficePlan
{
    public IReadOnlyList<string> OfficeIds { get; } = ["library", "dormitory", "loan", "finance"];

    public bool IsRequired(string officeId, Student student) => officeId switch
    {
        "dormitory" => student.OnCampus,
        "loan" => student.HasLoan,
        _ => true,
    };
}
